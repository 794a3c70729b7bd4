"""Issue 13, findings 2 to 4, attacked through the running site (Django's test client). Each worked before this
change (see docs/security.md, "Anonymity"); each must fail now. Finding 5 is tests/security/test_health_check_storage.py.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.partnerships import services
from joinedup.partnerships.models import HealthCheck, Participant, ParticipantRole, Response
from joinedup.partnerships.selectors import check_results
from tests.partnerships.cast import (
    ANSWERS_HIGH,
    ANSWERS_LOW_TRUST,
    answer_as_member,
    answer_many,
    make_cast,
    make_partnership,
    open_check,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


@pytest.fixture
def partnership(cast):
    return make_partnership(cast, complete=True)


def _issue(client, partnership, check, side, count):
    """A lead issues codes through the page; returns the codes read off the printable list."""
    page = client.post(
        reverse("partnerships:issue-codes", args=[partnership.pk, check.pk]), {"side": side, "count": count}
    ).content.decode()
    cells = [cell.split("</code>")[0] for cell in page.split("<code>")[1:]]
    return [cell for cell in cells if "/" not in cell]


# Finding 2: stuffing the frontline answers --------------------------------------------------------------------


def test_the_old_open_link_takes_no_answers_however_often_it_is_posted(cast, partnership):
    check = open_check(partnership, cast.central_lead)
    url = reverse("partnerships:answer-link", args=[check.link_token])
    for _ in range(6):  # a fresh browser each time: no cookie to stop it
        fresh = Client()
        assert fresh.post(url, {**ANSWERS_HIGH, "side": "frontline", "started": "x"}).status_code == 410
    assert not Response.objects.exists()


def test_a_code_answers_once_whatever_the_browser_and_on_its_own_side(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    client.force_login(cast.central_lead)
    (code,) = _issue(client, partnership, check, "frontline", 1)
    url = reverse("partnerships:answer-code", args=[code])
    statuses = []
    for side in ("central", "local", "frontline", "central", "local"):
        fresh = Client()
        statuses.append(fresh.post(url, {**ANSWERS_HIGH, "side": side, "started": "0"}).status_code)
    assert statuses == [302, 404, 404, 404, 404]
    # The side is the one the lead chose, not the one posted; and no time was taken from the client.
    assert list(Response.objects.values_list("side", flat=True)) == ["frontline"]


def test_a_member_cannot_answer_for_another_side_or_twice(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    client.force_login(cast.local_member)
    for side in ("frontline", "central", "frontline"):
        client.post(check.get_absolute_url(), {**ANSWERS_LOW_TRUST, "side": side})
    assert list(Response.objects.values_list("side", flat=True)) == ["local"]


def test_guessed_codes_answer_nothing(cast, partnership):
    check = open_check(partnership, cast.central_lead)
    services.partnership_issue_codes(check=check, side="frontline", count=5, by=cast.central_lead)
    fresh = Client()
    for guess in ("AAAA-AAAA-AAAA-AAAA", "ABCD-EFGH-JKLM-NPQR", check.link_token, "1", "zz"):
        assert fresh.post(f"/partnerships/code/{guess}/", ANSWERS_HIGH).status_code == 404
    assert not Response.objects.exists()


def test_fake_answers_cannot_lift_a_side_over_the_threshold(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 5, "c")
    client.force_login(cast.central_lead)
    codes = _issue(client, partnership, check, "frontline", 4)
    for code in codes:
        Client().post(reverse("partnerships:answer-code", args=[code]), ANSWERS_LOW_TRUST)
    # The attacker holds one of the used codes and the old link, and tries again and again.
    for _ in range(3):
        Client().post(reverse("partnerships:answer-code", args=[codes[0]]), ANSWERS_LOW_TRUST)
        Client().post(reverse("partnerships:answer-link", args=[check.link_token]), ANSWERS_LOW_TRUST)
    services.partnership_close_check(check=check, by=cast.central_lead)
    results = check_results(check)
    assert results.n == 9
    assert results.by_side["frontline"]["trust"].withheld


# Finding 3: subtraction ---------------------------------------------------------------------------------------


def _closed_round(cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 5, "c", talk_about="central")
    answer_many(check, "local", ANSWERS_LOW_TRUST, 5, "l", talk_about="local")
    leftover = services.partnership_issue_codes(check=check, side="local", count=1, by=cast.central_lead)[0]
    services.partnership_close_check(check=check, by=cast.central_lead)
    return check, leftover


def _read(client, partnership, check):
    page = client.get(check.get_absolute_url()).content.decode()
    table = page.split('id="results-table"')[1].split("</table>")[0]
    return table, page.count("<li>")


def test_one_more_answer_cannot_be_added_after_results_are_read(client, cast, partnership):
    check, leftover_code = _closed_round(cast, partnership)
    client.force_login(cast.central_lead)
    before = _read(client, partnership, check)
    # One more person tries every door: their member invitation, a code issued before the close, a fresh batch.
    client.force_login(cast.central_member)
    client.post(check.get_absolute_url(), ANSWERS_LOW_TRUST)
    assert (
        Client()
        .post(reverse("partnerships:answer-code", args=[leftover_code]), ANSWERS_LOW_TRUST)
        .status_code
        == 404
    )
    with pytest.raises(ValidationError):
        answer_as_member(check, cast.local_member, ANSWERS_LOW_TRUST)
    client.force_login(cast.central_lead)
    assert _issue(client, partnership, check, "local", 1) == []
    assert Response.objects.filter(check_round=check).count() == 10
    assert _read(client, partnership, check) == before


def test_no_result_is_released_while_the_round_is_open(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 6, "c", talk_about="said")
    results = check_results(check)
    assert results.withheld and results.n == 0 and results.talk_about == []
    client.force_login(cast.central_lead)
    assert "results-table" not in client.get(check.get_absolute_url()).content.decode()
    headers = {"Authorization": f"Bearer {services_token(cast.central_lead)}"}
    api = client.get(f"/api/v1/partnerships/{partnership.pk}/checks/{check.pk}/results", headers=headers)
    assert api.status_code == 409


def services_token(user):
    from joinedup.accounts.services import api_token_create

    return api_token_create(user=user)


def test_a_lone_answer_from_a_small_side_shows_neither_scores_nor_words(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 5, "c", talk_about="central")
    answer_many(check, "frontline", ANSWERS_LOW_TRUST, 1, "f", talk_about="only I would say this")
    services.partnership_close_check(check=check, by=cast.central_lead)
    client.force_login(cast.central_lead)
    page = client.get(check.get_absolute_url()).content.decode()
    assert "only I would say this" not in page
    assert check_results(check).by_side["frontline"]["trust"].withheld


# Finding 4: the admin ------------------------------------------------------------------------------------------


def _admin_post_data(response):
    """Everything the admin change form would post back unchanged, read from its context."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for subform in formset.initial_forms:
            for name in subform.fields:
                value = subform.initial.get(name)
                data[subform.add_prefix(name)] = "" if value is None else getattr(value, "pk", value)
            data[subform.add_prefix("id")] = subform.instance.pk
    return data


def test_coordinators_cannot_see_edit_or_delete_raw_answers_in_the_admin(client, cast, partnership):
    check, _ = _closed_round(cast, partnership)
    client.force_login(cast.coordinator)
    assert client.get("/admin/partnerships/response/").status_code == 404
    one = Response.objects.first()
    assert client.get(f"/admin/partnerships/response/{one.pk}/change/").status_code == 404
    assert client.get(f"/admin/partnerships/response/{one.pk}/delete/").status_code == 404
    page = client.get("/admin/partnerships/").content.decode()
    assert "/admin/partnerships/response/" not in page
    # Nor reopen the round (to add an answer and subtract), nor delete it with its answers.
    change = reverse("admin:partnerships_healthcheck_change", args=[check.pk])
    later = timezone.localdate() + timedelta(days=30)
    reopen = client.post(change, {"partnership": partnership.pk, "opens_on": check.opens_on, "closes_on": later,
                                  "closed_early_on": ""})  # fmt: skip
    assert reopen.status_code == 403
    check.refresh_from_db()
    assert check.closed_early_on is not None and check.closes_on != later
    assert (
        client.post(
            reverse("admin:partnerships_healthcheck_delete", args=[check.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert HealthCheck.objects.filter(pk=check.pk).exists()
    assert Response.objects.filter(check_round=check).count() == 10


def test_coordinators_cannot_make_themselves_lead_through_the_admin(client, cast, partnership):
    client.force_login(cast.coordinator)
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _admin_post_data(page)
    # The inline the admin used to offer: add a row for myself as lead, and promote a member to lead.
    member = Participant.objects.get(partnership=partnership, user=cast.central_member)
    data.update({
        "participants-TOTAL_FORMS": "2", "participants-INITIAL_FORMS": "1", "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-id": member.pk, "participants-0-partnership": partnership.pk,
        "participants-0-user": cast.central_member.pk, "participants-0-side": "central", "participants-0-role": "lead",
        "participants-1-partnership": partnership.pk, "participants-1-user": cast.coordinator.pk,
        "participants-1-side": "central", "participants-1-role": "lead",
    })  # fmt: skip
    saved = client.post(url, data)
    assert saved.status_code == 302, (
        saved.context["adminform"].form.errors,
        saved.context["errors"],
    )  # saved...
    assert not Participant.objects.filter(
        partnership=partnership, user=cast.coordinator
    ).exists()  # ...without
    member.refresh_from_db()
    assert member.role == ParticipantRole.MEMBER
    # The admin page still lists the people, read-only.
    assert cast.central_member.name in client.get(url).content.decode()
