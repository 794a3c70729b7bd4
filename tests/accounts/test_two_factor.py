import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import Role
from tests.people_helpers import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.JOINEDUP_REQUIRE_2FA = True


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def test_it_sends_a_coordinator_to_set_up_a_second_factor(client, required):
    client.force_login(person("c@example.gov.uk", "Cora", role=Role.COORDINATOR))
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
    page = client.get(response["Location"]).content.decode()
    assert "Set up a second factor" in page
    device = TOTPDevice.objects.get()
    assert base64.b32encode(device.bin_key).decode() in page


def test_it_lets_a_coordinator_in_after_a_right_code(client, required):
    client.force_login(person("c@example.gov.uk", "Cora", role=Role.COORDINATOR))
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get()
    response = client.post("/accounts/two-factor/?next=/dashboard/", {"token": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_it_refuses_a_wrong_code_with_a_message(client, required):
    client.force_login(person("c@example.gov.uk", "Cora", role=Role.ADMIN))
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get()
    wrong = "000000" if code_for(device) != "000000" else "111111"
    response = client.post("/accounts/two-factor/", {"token": wrong})
    assert "That code is not right" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_it_rejects_a_code_that_is_not_digits(client, required):
    client.force_login(person("c@example.gov.uk", "Cora", role=Role.ADMIN))
    response = client.post("/accounts/two-factor/", {"token": "abcdef"})
    assert "The code is 6 digits" in response.content.decode()


def test_it_does_not_ask_participants(client, required):
    client.force_login(person("p@example.gov.uk", "Pat"))
    assert client.get("/dashboard/").status_code == 200


def test_it_is_required_by_default_in_production_only():
    from joinedup import settings as s

    assert s.JOINEDUP_REQUIRE_2FA == s.PRODUCTION
