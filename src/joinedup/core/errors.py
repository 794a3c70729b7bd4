"""The error pages, in the service's own layout; Django's debug pages never reach anyone (DEBUG is off).

400 and 500 render without the request: a bad request may carry a host or header that breaks whatever reads
it, and a server error may come from the database or a context processor. 500 uses error_base.html, which
needs neither the database nor the static-files manifest.
"""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(render_to_string("400.html"), status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(render_to_string("403.html", request=request), status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (an old page, blocked cookies)."""
    return HttpResponse(render_to_string("403_csrf.html", request=request), status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(render_to_string("404.html", request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse(render_to_string("500.html"), status=500)
