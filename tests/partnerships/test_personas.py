"""Each page tried by each persona: lead, member, outsider (404), coordinator and anonymous (sign in)."""

import pytest
from django.urls import reverse

from joinedup.partnerships import services
from tests.partnerships.cast import ANSWERS_HIGH, answer_many, make_cast, make_partnership, open_check

pytestmark = pytest.mark.django_db

PAGES = ["detail", "history", "declare"]
LEAD_PAGES = ["edit", "add-participant", "add-champion", "add-cost", "add-deliverable", "schedule-check"]


@pytest.fixture
def world():
    cast = make_cast()
    p = make_partnership(cast, complete=True)
    check = open_check(p, cast.central_lead)
    return cast, p, check


def urls(p, check):
    found = [reverse(f"partnerships:{name}", args=[p.pk]) for name in PAGES + LEAD_PAGES]
    return found + [check.get_absolute_url()]


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    cast, p, check = world
    for url in urls(p, check):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], url


def test_it_hides_every_page_from_outsiders(client, world):
    cast, p, check = world
    client.force_login(cast.outsider)
    for url in urls(p, check):
        assert client.get(url).status_code == 404, url
    for name in ["confirm", "close"]:
        assert client.post(reverse(f"partnerships:{name}", args=[p.pk])).status_code == 404
    assert client.post(reverse("partnerships:transition", args=[p.pk, "activate"])).status_code == 404


def test_it_shows_members_the_partnership_but_not_the_lead_pages(client, world):
    cast, p, check = world
    client.force_login(cast.local_member)
    for name in PAGES:
        assert client.get(reverse(f"partnerships:{name}", args=[p.pk])).status_code == 200, name
    for name in LEAD_PAGES:
        assert client.get(reverse(f"partnerships:{name}", args=[p.pk])).status_code == 403, name
    assert client.get(check.get_absolute_url()).status_code == 200


def test_it_lets_leads_use_every_page(client, world):
    cast, p, check = world
    client.force_login(cast.local_lead)
    for url in urls(p, check):
        assert client.get(url).status_code == 200, url


def test_it_stops_a_participant_changing_a_charter_they_do_not_lead(client, world):
    cast, p, check = world
    client.force_login(cast.central_member)
    response = client.post(
        reverse("partnerships:edit", args=[p.pk]), {"shared_outcome": "Hijacked", "title": "x"}
    )
    assert response.status_code == 403
    p.refresh_from_db()
    assert p.shared_outcome != "Hijacked"


def test_it_hides_one_partnerships_results_from_another_partnerships_members(client, world):
    cast, p, check = world
    answer_many(check, "central", ANSWERS_HIGH, 5, "c")
    services.partnership_close_check(check=check, by=cast.central_lead)
    other = services.partnership_create(title="Other", shared_outcome="Other outcome", kind="joint_working",
                                        by=cast.outsider)  # fmt: skip
    client.force_login(cast.outsider)
    assert client.get(check.get_absolute_url()).status_code == 404
    # Nor through the other partnership's address.
    assert client.get(reverse("partnerships:check", args=[other.pk, check.pk])).status_code == 404


def test_it_shows_programmes_to_coordinators_only(client, world):
    cast, p, check = world
    url = reverse("partnerships:programme", args=[cast.programme.pk])
    client.force_login(cast.central_lead)
    assert client.get(url).status_code == 404
    assert client.get(reverse("partnerships:programmes")).status_code == 404
    client.force_login(cast.coordinator)
    page = client.get(url).content.decode()
    assert p.title in page
    csv_text = client.get(reverse("partnerships:programme-csv", args=[cast.programme.pk])).content.decode()
    assert csv_text.splitlines()[0].startswith("partnership,kind,state,planned_exit_date")
    assert p.title in csv_text


def test_it_rejects_get_on_post_only_actions(client, world):
    cast, p, check = world
    client.force_login(cast.central_lead)
    assert client.get(reverse("partnerships:confirm", args=[p.pk])).status_code == 405
    assert client.get(reverse("partnerships:close-check", args=[p.pk, check.pk])).status_code == 405


def test_it_lists_only_my_partnerships(client, world):
    cast, p, check = world
    client.force_login(cast.outsider)
    assert p.title not in client.get(reverse("partnerships:list")).content.decode()
    client.force_login(cast.local_member)
    assert p.title in client.get(reverse("partnerships:list")).content.decode()


def test_it_opens_the_admin_pages_for_coordinators(client, world):
    cast, p, check = world
    client.force_login(cast.coordinator)
    for url in [
        reverse("admin:partnerships_partnership_changelist"),
        reverse("admin:partnerships_partnership_change", args=[p.pk]),
        reverse("admin:partnerships_partnership_history", args=[p.pk]),
        reverse("admin:partnerships_healthcheck_changelist"),
        reverse("admin:partnerships_programme_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
