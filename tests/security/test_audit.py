"""The audit log: who changed what on situations, memberships, partnerships and people's roles."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from joinedup.accounts.models import Role
from joinedup.core.audit import audit_recent
from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.JOINEDUP_REQUIRE_2FA = False
    return build_world()


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_it_records_who_changed_a_persons_role(world):
    admin, member = world.users["admin"], world.users["member"]
    member.role = Role.COORDINATOR
    member._history_user = admin
    member.save()
    entry = next(e for e in audit_recent() if e.what == "Account" and e.action == "Changed")
    assert entry.who == admin.name and entry.item == member.name
    assert entry.changes == ["role: participant → coordinator"]


def test_it_leaves_sign_ins_out_of_the_log(world):
    member = world.users["member"]
    Client().post(
        reverse("accounts:sign-in"), {"username": member.email, "password": "correct-horse-battery-staple"}
    )
    assert not [e for e in audit_recent() if e.what == "Account" and e.action == "Changed"]


def test_it_shows_a_conveners_edit_of_a_situation_with_the_change(world):
    lead = world.users["lead"]
    url = reverse("situations:edit", args=[world.objects["situation_id"]])
    page = _as(lead).get(url)
    assert page.status_code == 200
    response = _as(lead).post(url, {"title": "Hospital discharge in Leeds and Bradford", "framing": "Still slow.",
                                    "status": "active"})  # fmt: skip
    assert response.status_code in (200, 302)
    html = _as(world.users["admin"]).get(reverse("core:audit")).content.decode()
    if response.status_code == 302:
        assert "title: Hospital discharge in Leeds → Hospital discharge in Leeds and Bradford" in html
        assert lead.name in html
    assert "Situation membership" in html and "Partnership participant" in html


@pytest.mark.parametrize("role", ["outsider", "member", "lead"])
def test_it_hides_the_audit_page_from_everyone_but_admins(world, role):
    assert _as(world.users[role]).get(reverse("core:audit")).status_code == 404
