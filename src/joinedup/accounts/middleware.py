"""Coordinators and admins must prove a second factor before they use the site (when 2FA is required)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._needs_second_factor(request):
            return redirect(f"{reverse('accounts:two-factor')}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        if not settings.JOINEDUP_REQUIRE_2FA or request.path.startswith(EXEMPT_PREFIXES):
            return False
        user = request.user
        if not user.is_authenticated or not getattr(user, "is_coordinator", False):
            return False
        return not user.is_verified()  # type: ignore[union-attr,attr-defined]  # django_otp adds it at run time
