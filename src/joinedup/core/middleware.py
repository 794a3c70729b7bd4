"""When the database goes away for a moment, users get a plain page saying so, not a traceback."""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("Database unavailable: %s", exception)
        # Drop a broken connection so the next request opens a fresh one: the app recovers by itself. A connection
        # inside a transaction someone else owns (a test's, or ATOMIC_REQUESTS) is left to its owner.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        html = render_to_string("503.html", request=None)
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "5"
        return response


class RejectNulBytesMiddleware:
    """A NUL byte in the path or a parameter is never valid input, and PostgreSQL refuses it in text: answer 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            message = "The request contained a NUL character, which is not allowed."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.method not in {"POST", "PUT", "PATCH"}:
            return False
        if request.content_type == "application/json":
            return b"\x00" in request.body or b"\\u0000" in request.body
        if request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            return any(
                "\x00" in key or any("\x00" in str(v) for v in values) for key, values in request.POST.lists()
            )
        return False
