"""The error pages (400, 403, CSRF failure, 404, 500, 503) in the service's own layout with the right status.

Views that raise each error are added in front of the site's own URLs (ROOT_URLCONF points at this module).
"""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from tests.people_helpers import person


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a malformed request")


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("something broke")


urlpatterns = [
    path("test-errors/forbidden/", _forbidden),
    path("test-errors/bad/", _suspicious),
    path("test-errors/boom/", _boom),
    path("", include("joinedup.urls")),
]
handler400 = "joinedup.core.errors.bad_request"
handler403 = "joinedup.core.errors.forbidden"
handler404 = "joinedup.core.errors.not_found"
handler500 = "joinedup.core.errors.server_error"


def broken_context_processor(request: HttpRequest) -> dict[str, str]:
    raise RuntimeError("a context processor that fails")


@pytest.fixture
def errors_urls(settings):
    settings.ROOT_URLCONF = __name__


def _assert_service_page(response, status: int, title: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert f"<title>{title} – Joined Up</title>" in html
    assert 'class="govuk-header' in html and 'class="govuk-footer' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert f'<h1 class="govuk-heading-l">{title}' in html
    assert "Traceback" not in html and "something broke" not in html
    return html


@pytest.mark.django_db
def test_it_shows_its_own_404_page(errors_urls):
    _assert_service_page(Client().get("/no-such-page/"), 404, "Page not found")


@pytest.mark.django_db
def test_it_shows_its_own_403_page(errors_urls):
    _assert_service_page(Client().get("/test-errors/forbidden/"), 403, "You cannot do that here")


@pytest.mark.django_db
def test_it_shows_its_own_400_page_for_a_suspicious_request_and_a_bad_host(errors_urls):
    title = "Sorry, we could not understand that request"
    _assert_service_page(Client().get("/test-errors/bad/"), 400, title)
    _assert_service_page(Client().get("/", headers={"host": "attacker.example"}), 400, title)


@pytest.mark.django_db
def test_it_shows_its_own_page_when_a_form_fails_the_csrf_check(errors_urls):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person("csrf@example.gov.uk", "Cee Surf"))
    response = client.post("/accounts/sign-out/")
    html = _assert_service_page(response, 403, "Sorry, your form could not be sent")
    assert "Sign out" in html  # the page knows who is signed in: the service's own navigation is there


def test_it_shows_its_own_500_page_without_the_database_or_the_context_processors(errors_urls, settings):
    """No django_db mark: any database query fails, and so does the one context processor."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": [f"{__name__}.broken_context_processor"]}}
    ]
    response = Client(raise_request_exception=False).get("/test-errors/boom/")
    html = _assert_service_page(response, 500, "Sorry, there is a problem with the service")
    assert 'href="/static/govuk/govuk-frontend.min.css"' in html


def test_it_shows_its_own_503_page_in_the_same_layout():
    from django.template.loader import render_to_string

    html = render_to_string("503.html")
    assert "<title>Sorry, the service is unavailable – Joined Up</title>" in html
    assert 'class="govuk-header' in html and 'id="main-content"' in html
