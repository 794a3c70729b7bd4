import pytest

from joinedup.accounts.services import api_token_create
from joinedup.partnerships import services
from tests.partnerships.cast import (
    ANSWERS_HIGH,
    ANSWERS_LOW_TRUST,
    answer_many,
    make_cast,
    make_partnership,
    open_check,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cast = make_cast()
    p = make_partnership(cast, complete=True)
    return cast, p, open_check(p, cast.central_lead)


def get(client, user, path):
    headers = {"Authorization": f"Bearer {api_token_create(user=user, scope='write')}"} if user else {}
    return client.get(f"/api/v1/partnerships{path}", headers=headers)


def test_it_lists_and_shows_partnerships_to_members(client, world):
    cast, p, check = world
    assert [x["title"] for x in get(client, cast.local_member, "/").json()] == [p.title]
    assert get(client, cast.local_member, f"/{p.pk}").json()["shared_outcome"] == p.shared_outcome


def test_it_hides_partnerships_from_outsiders_and_anonymous_callers(client, world):
    cast, p, check = world
    assert get(client, cast.outsider, "/").json() == []
    assert get(client, cast.outsider, f"/{p.pk}").status_code == 404
    assert get(client, cast.outsider, f"/{p.pk}/checks/{check.pk}/results").status_code == 404
    assert get(client, None, f"/{p.pk}").status_code == 401


def test_it_gives_results_only_after_closing_and_only_as_aggregates(client, world):
    cast, p, check = world
    answer_many(check, "central", ANSWERS_HIGH, 5, "c")
    answer_many(check, "local", ANSWERS_LOW_TRUST, 5, "l")
    assert get(client, cast.central_member, f"/{p.pk}/checks/{check.pk}/results").status_code == 409
    services.partnership_close_check(check=check, by=cast.central_lead)
    data = get(client, cast.central_member, f"/{p.pk}/checks/{check.pk}/results").json()
    assert data["responses"] == 10
    assert data["by_side"]["local"]["trust"] == {"mean": 2.0, "withheld": False}
    assert data["by_side"]["frontline"]["trust"] == {"mean": None, "withheld": True}
    assert any("Trust" in w for w in data["warnings"])
    text = str(data)
    assert "@" not in text and "answered_on" not in text and "duration" not in text
