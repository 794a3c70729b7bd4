"""Rate limits: counters in the shared cache (django-ratelimit), rates from settings.JOINEDUP_RATE_LIMITS.

A request past its limit gets a 429 page that says when to try again. Groups and their keys:

- participate: one anonymous participant (the one their signed cookie names, and their address; counted in
  perspectives/views/ once the cookie is checked), or one signed-in member;
- participate-new: one address creating anonymous identities (joining a conversation link, answering a health
  check through its link);
- sign-in, password-reset: one address posting the form;
- sign-in-failures-account / -address: failed sign-ins for one account from anywhere, and from one address for any
  account (accounts/backends.py);
- add-person: one signed-in person adding people by email address;
- api: one API token's user, or one address while it has no valid token.
"""

import ipaddress
import math
from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils import timezone
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

KeyFunction = Callable[[str, HttpRequest], str]
View = Callable[..., HttpResponseBase]


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind JOINEDUP_TRUSTED_PROXIES proxies, the address they saw."""
    address = request.META.get("REMOTE_ADDR") or ""
    hops = settings.JOINEDUP_TRUSTED_PROXIES
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "0.0.0.0"  # no usable address: such requests share one counter


def by_address(group: str, request: HttpRequest) -> str:
    return client_address(request)


def by_user(group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def retry_after(
    request: HttpRequest,
    group: str,
    key: KeyFunction,
    *,
    increment: bool,
    methods: Sequence[str] | None = None,
    value: str | None = None,
) -> int | None:
    """Seconds until the request's counter in `group` allows it again, or None when it is within the limit.

    A group "rate:place" counts apart from other places but at the rate named "rate".

    With increment the request is counted first. `value` replaces the key function's value (for keys that are not
    read from the request, such as the account a sign-in names).
    """
    counted_key: KeyFunction = key if value is None else (lambda _group, _request: value)
    usage = get_usage(
        request,
        group=group,
        key=counted_key,
        rate=settings.JOINEDUP_RATE_LIMITS[group.split(":", 1)[0]],
        method=list(methods) if methods else ALL,
        increment=increment,
    )
    if usage is None:
        return None
    # Counting this request, it is refused past the limit; only looking, the limit reached refuses the next one.
    limited = usage["should_limit"] if increment else usage["count"] >= usage["limit"]
    if not limited:
        return None
    return max(1, int(usage["time_left"]))


GENERAL_REASON = (
    "We have had more requests from you in a short time than we accept, so we have paused them to keep the service"
    " working for everyone."
)


def too_many_requests(request: HttpRequest, seconds: int, *, reason: str = GENERAL_REASON) -> HttpResponse:
    """The 429 page: why, and when to try again (also in the Retry-After header)."""
    minutes = max(1, math.ceil(seconds / 60))
    again_at = timezone.localtime() + timedelta(seconds=seconds)
    context = {"minutes": minutes, "again_at": again_at, "reason": reason}
    response = HttpResponse(render_to_string("429.html", context, request=request), status=429)
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(
    group: str, key: KeyFunction = by_address, *, methods: Sequence[str] = ("POST",)
) -> Callable[[View], View]:
    """Count each request with one of `methods` in `group`; past the limit answer 429 without running the view."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            seconds = retry_after(request, group, key, increment=True, methods=methods)
            if seconds is not None:
                return too_many_requests(request, seconds)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
