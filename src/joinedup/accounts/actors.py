"""Who acts: the one type services and selectors take for the acting person.

A reader (selector, panel) takes an `Actor`: request.user as django-stubs types it, signed in (`User`) or not
(`AnonymousUser`); it reads the account's own fields only after `is_authenticated`, or with getattr and a
default. A write (service) takes a `User`: only a signed-in person changes anything, and views behind
`login_required` hand it over with `signed_in(request)`.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from joinedup.accounts.models import User

Actor = User | AnonymousUser

__all__ = ["Actor", "User", "signed_in"]


def signed_in(request: HttpRequest) -> User:
    """The signed-in person of a request (views behind login_required); PermissionDenied for anyone else."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
