"""Failed sign-ins counted per account across addresses (credential stuffing) and per address across accounts
(password spraying). Axes, the first backend, locks one account from one address after a few failures; this
backend refuses to check any password while either wider count is over its limit. The counts live in the shared
cache in fixed windows (settings.JOINEDUP_RATE_LIMITS), so a lock lifts by itself when its window ends: an
attacker can pause an account for at most one window, never for good.
"""

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest

from joinedup.core.ratelimits import by_address, retry_after

ACCOUNT = "sign-in-failures-account"
ADDRESS = "sign-in-failures-address"
RETRY_AFTER_ATTRIBUTE = "joinedup_sign_in_retry_after"


def _account(username: Any) -> str:
    return str(username or "").strip().lower()


def sign_in_retry_after(request: HttpRequest, username: Any, *, increment: bool = False) -> int | None:
    """Seconds until sign-in may be tried again for this account from this address; None when it may now."""
    waits = [
        retry_after(request, ACCOUNT, by_address, increment=increment, value=_account(username)),
        retry_after(request, ADDRESS, by_address, increment=increment),
    ]
    found = [wait for wait in waits if wait is not None]
    return max(found) if found else None


class SignInLimitsBackend:
    def authenticate(self, request: HttpRequest | None, username: Any = None, **credentials: Any) -> None:
        if request is None:
            return None
        seconds = sign_in_retry_after(request, username)
        if seconds is not None:
            setattr(request, RETRY_AFTER_ATTRIBUTE, seconds)
            raise PermissionDenied(
                "Too many failed sign-ins"
            )  # stops the other backends checking the password
        return None

    # No get_user: this backend never signs anyone in, and Django's test client picks the first backend with one.


@receiver(user_login_failed)
def _count_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    if request is None or getattr(request, RETRY_AFTER_ATTRIBUTE, None) is not None:
        return  # refused unchecked: the window is already full
    sign_in_retry_after(request, credentials.get("username"), increment=True)
