"""Single sign-on end to end against a real OpenID Connect provider (django-oidc-provider), started by the test
on loopback as a separate process: discovery, the authorisation redirect, the provider's own sign-in page, the
code exchange over HTTP, the ID token's signature checked against the provider's published keys, userinfo.

The test plays the browser: Django's test client on Joined Up's side, a requests session on the provider's."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from joinedup.accounts.models import Role
from joinedup.people.models import Profile
from tests import people_helpers as ph

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "joined-up", "a-client-secret-for-the-test-provider"
CALLBACK = "http://testserver/accounts/sso/callback/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _django(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
    )


@pytest.fixture(scope="module")
def provider_url(tmp_path_factory):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.sso.provider.settings", "PYTHONPATH": str(ROOT),
           "SSO_PROVIDER_DB": str(tmp_path_factory.mktemp("provider") / "db.sqlite3"), "SSO_PROVIDER_URL": url}  # fmt: skip
    env.pop("DATABASE_URL", None)
    _django(env, "django", "migrate", "--no-input")
    _django(env, "tests.sso.provider.seed", CLIENT_ID, CLIENT_SECRET, CALLBACK)
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/openid/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise RuntimeError("the test identity provider did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def leeds_sso(settings, provider_url):
    cache.clear()  # discovery documents are cached
    settings.JOINEDUP_SSO_PROVIDERS = [
        {"key": "leeds", "name": "Leeds City Council", "domains": ["leeds.gov.uk"], "issuer": f"{provider_url}/openid",
         "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "organisation": "leeds-city-council"}
    ]  # fmt: skip
    settings.AXES_ENABLED = False
    return provider_url


def sign_on(client, typed_email: str, username: str):
    """Type an address at Joined Up, sign in at the provider as `username`, come back. Returns the last response."""
    start = client.post(reverse("accounts:sso"), {"email": typed_email})
    assert start.status_code == 302, start.content.decode()[:500]
    to_provider = client.get(start["Location"])
    authorize = to_provider["Location"]
    assert authorize.startswith("http://127.0.0.1") and "code_challenge=" in authorize
    browser = requests.Session()
    login_page = browser.get(authorize, timeout=10)  # the provider sends us to its own sign-in page
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    query = urlsplit(login_page.url).query
    next_url = dict(part.split("=", 1) for part in query.split("&"))["next"]
    signed_in = browser.post(login_page.url, allow_redirects=False, timeout=10,
                             data={"csrfmiddlewaretoken": csrf, "username": username, "password": "provider-password",
                                   "next": requests.utils.unquote(next_url)})  # fmt: skip
    assert signed_in.status_code == 302
    back = browser.get(requests.compat.urljoin(login_page.url, signed_in.headers["Location"]),
                       allow_redirects=False, timeout=10)  # fmt: skip
    callback = back.headers["Location"]
    assert callback.startswith(CALLBACK) and "code=" in callback
    return client.get(callback.removeprefix("http://testserver"))


def test_a_first_sign_on_creates_the_account_in_the_providers_organisation(client, leeds_sso):
    council = ph.council()
    response = sign_on(client, "ann.archer@leeds.gov.uk", "ann")
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    user = get_user_model().objects.get(email="ann.archer@leeds.gov.uk")
    assert user.name == "Ann Archer" and not user.has_usable_password()
    profile = Profile.objects.get(user=user)
    assert profile.organisation == council and profile.sector == council.sector
    assert client.get(reverse("core:dashboard")).status_code == 200  # signed in


def test_a_sign_on_links_the_existing_account_and_passwords_still_work(client, leeds_sso):
    existing = ph.person("ann.archer@leeds.gov.uk", "Ann A.", ph.council())
    sign_on(client, "Ann.Archer@leeds.gov.uk", "ann")
    assert get_user_model().objects.filter(email__iexact="ann.archer@leeds.gov.uk").count() == 1
    existing.refresh_from_db()
    assert existing.name == "Ann Archer"  # the provider's name wins
    assert int(client.session["_auth_user_id"]) == existing.pk
    client.logout()
    assert client.login(username="ann.archer@leeds.gov.uk", password=ph.PASSWORD)  # local sign-in still works


def test_a_domain_without_single_sign_on_is_refused_with_a_clear_message(client, leeds_sso):
    response = client.post(reverse("accounts:sso"), {"email": "someone@education.gov.uk"})
    assert response.status_code == 200
    assert "Single sign-on is not set up for @education.gov.uk addresses" in response.content.decode()
    assert "joinedup_sso_provider" not in client.session


def test_a_provider_cannot_sign_in_an_address_outside_its_domains(client, leeds_sso):
    # Sam signs in at Leeds's provider, which says sam.stone@example.org: Leeds is trusted for leeds.gov.uk only.
    response = sign_on(client, "sam.stone@leeds.gov.uk", "sam")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sso")
    assert not get_user_model().objects.filter(email__iexact="sam.stone@example.org").exists()
    assert "_auth_user_id" not in client.session


def test_coordinators_signed_on_still_prove_a_second_factor(client, leeds_sso, settings):
    settings.JOINEDUP_REQUIRE_2FA = True
    ph.person("ann.archer@leeds.gov.uk", "Ann Archer", ph.council(), role=Role.COORDINATOR)
    sign_on(client, "ann.archer@leeds.gov.uk", "ann")
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two-factor"))
