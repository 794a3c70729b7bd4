import pytest
from django.urls import reverse

from joinedup.situations.models import MemberRole, Membership
from joinedup.situations.services import membership_remove, membership_update, situation_update
from tests import people_helpers as h


def _url(cast):
    return reverse("situations:history", args=[cast.situation.pk])


def test_it_shows_who_changed_what(cast, as_user):
    s = cast.situation
    situation_update(
        situation=s,
        actor=cast.convener,
        title="Renamed",
        framing=s.framing,
        status="active",
        places=[],
        policy_areas=[],
    )
    membership = Membership.objects.get(situation=s, user=cast.member)
    membership_update(
        membership=membership, actor=cast.convener, role=MemberRole.CONVENER, perspective="local"
    )
    membership_remove(membership=membership, actor=cast.admin)
    body = as_user(cast.convener).get(_url(cast)).content.decode()
    assert "Started the situation" in body
    assert "Title: “Temporary accommodation in Leeds” → “Renamed”" in body
    assert "Status: “Forming” → “Active”" in body
    assert "Role: “Member” → “Convener”" in body
    assert "Removed Mo Member" in body
    assert "Ada Admin" in body


@pytest.mark.parametrize("persona", ["member", "admin"])
def test_it_shows_history_to_members_and_admins(cast, as_user, persona):
    assert as_user(getattr(cast, persona)).get(_url(cast)).status_code == 200


def test_it_is_404_for_an_outsider(cast, as_user):
    assert as_user(cast.outsider).get(_url(cast)).status_code == 404


def test_it_redirects_anonymous_to_sign_in(cast, client):
    assert client.get(_url(cast)).status_code == 302


def test_it_rejects_post(cast, as_user):
    assert as_user(cast.member).post(_url(cast)).status_code == 405


def test_it_shows_changes_of_places_and_policy_areas(cast, as_user):
    s = cast.situation
    york, health = h.place("E06000014", "York"), h.policy_area("Health")
    situation_update(
        situation=s,
        actor=cast.admin,
        title=s.title,
        framing=s.framing,
        status=s.status,
        places=[york],
        policy_areas=[health],
    )
    body = as_user(cast.member).get(_url(cast)).content.decode()
    assert "Places: added Leeds" in body
    assert "Places: added York; removed Leeds" in body
    assert "Policy areas: added Health; removed Housing" in body


def test_it_folds_one_action_into_one_row(cast):
    from joinedup.situations.history import situation_history

    changes = situation_history(cast.situation)
    started = [c for c in changes if c.what == "started the situation"]
    assert len(started) == 1
    assert started[0].details == ["Places: added Leeds", "Policy areas: added Housing"]
    assert not [c for c in changes if c.what == "edited the situation"]
