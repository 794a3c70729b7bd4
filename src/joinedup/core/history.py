"""Who made a change, for django-simple-history: one helper for every app's services."""

from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

M = TypeVar("M", bound=models.Model)


def record_who(obj: M, user: AbstractBaseUser | None) -> M:
    """Tell django-simple-history who makes this change, also outside a request (commands, tests, the API).

    simple_history reads `_history_user` off the instance being saved, an attribute the model does not
    declare: set it through an untyped view of the object.
    """
    if user is not None:
        changing: Any = obj
        changing._history_user = user
    return obj
