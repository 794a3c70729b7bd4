import json

from django.urls import reverse

from joinedup.accounts.models import User
from joinedup.people.models import Connection, Profile
from joinedup.situations.models import Membership, Situation

URL = reverse("people:my-data")


def test_it_downloads_your_own_data_as_json(cast, login):
    response = login(cast["owner"]).get(URL, {"download": "json"})
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "owner@example.org"
    assert data["profile"]["job_title"] == "Policy adviser"
    assert data["profile"]["connections"] == 1


def test_it_asks_for_confirmation_before_erasing(cast, login):
    response = login(cast["owner"]).post(URL)
    assert b"Are you sure" in response.content
    assert Profile.objects.filter(user=cast["owner"]).exists()


def test_it_refuses_to_erase_without_the_box_ticked(cast, login):
    response = login(cast["owner"]).post(URL, {"confirm-step": "1"})
    assert "Confirm that you understand" in response.content.decode()
    assert Profile.objects.filter(user=cast["owner"]).exists()


def test_it_erases_the_profile_and_anonymises_what_stays(cast, login):
    owner = cast["owner"]
    situation = Situation.objects.create(title="Homelessness in Leeds", framing="f", created_by=owner)
    Membership.objects.create(situation=situation, user=owner, perspective="central")
    client = login(owner)
    response = client.post(URL, {"confirm-step": "1", "confirm": "on"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.name == "Former member"
    assert owner.email == f"erased-{owner.pk}@erased.invalid"
    assert not owner.has_usable_password() and not owner.is_active
    assert not Profile.objects.filter(user=owner).exists()
    assert not Connection.objects.exists()
    assert str(Membership.objects.get(situation=situation).user) == "Former member"
    assert client.get(reverse("people:directory")).status_code == 302  # signed out


def test_it_sends_anonymous_to_sign_in(client, db):
    assert client.get(URL).status_code == 302
    assert User.objects.count() == 0
