"""The API docs page works under the CSP (self only): Swagger UI comes from the service itself, never a CDN."""

import re

import pytest
from django.test import Client

ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"')


@pytest.mark.django_db
def test_it_serves_the_api_docs_from_same_origin_assets_only():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = ASSET.findall(html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets), assets
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), f"the docs page loads {url} from elsewhere"
        served = Client().get(url)
        assert served.status_code == 200, f"{url} answered {served.status_code}"
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_it_keeps_the_csp_to_self_on_the_api_docs_page():
    policy = Client().get("/api/v1/docs")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    for name in ("default-src", "script-src", "style-src", "connect-src", "font-src"):
        assert directives[name] == "'self'", f"{name}: {directives[name]}"
    assert directives["img-src"] == "'self' data:"
