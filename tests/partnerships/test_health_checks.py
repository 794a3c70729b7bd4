import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from joinedup.partnerships import services
from joinedup.partnerships.items import ITEM_CODES
from joinedup.partnerships.models import CodeBatch, Invitation, MemberInvited, Response
from joinedup.partnerships.selectors import WITHHELD, check_results, shown_sides
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


def form_data(answers):
    return {"talk_about": "Data sharing", **answers}


def test_it_keeps_the_questionnaire_short(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    client.force_login(cast.central_member)
    page = client.get(check.get_absolute_url()).content.decode()
    assert len(ITEM_CODES) <= 15
    assert page.count('type="radio"') == len(ITEM_CODES) * 5
    assert "You answer as: <strong>Central government</strong>" in page


def test_it_takes_one_answer_per_member_and_stores_no_person(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    client.force_login(cast.central_member)
    url = check.get_absolute_url()
    invitations = Invitation.objects.count()
    client.post(url, {**form_data(ANSWERS_HIGH), "side": "local"})
    response = client.post(url, form_data(ANSWERS_HIGH))
    assert "You have answered" in response.content.decode()
    assert Response.objects.count() == 1
    # The member's invitation is gone; nothing else records that they answered.
    assert Invitation.objects.count() == invitations - 1
    stored = Response.objects.get()
    assert stored.side == "central"  # from the invitation, not the posted "side"
    assert {f.name for f in Response._meta.get_fields()} == {
        "id",
        "check_round",
        "side",
        "answers",
        "talk_about",
    }


def test_it_invites_members_added_during_the_round_once(cast, partnership):
    from tests import people_helpers as ph

    check = open_check(partnership, cast.central_lead)
    newcomer = ph.person("new@leeds.gov.uk", "Nia Newcomer", ph.council())
    services.partnership_add_participant(partnership=partnership, user=newcomer, role="member",
                                         by=cast.central_lead)  # fmt: skip
    assert services.member_invitation_state(check=check, user=newcomer) == "invited"
    answer_as_member(check, newcomer, ANSWERS_HIGH)
    assert Response.objects.get().side == "local"
    participant = partnership.participants.get(user=newcomer)
    services.partnership_remove_participant(participant=participant, by=cast.central_lead)
    services.partnership_add_participant(partnership=partnership, user=newcomer, role="member",
                                         by=cast.central_lead)  # fmt: skip
    assert services.member_invitation_state(check=check, user=newcomer) == "used"
    with pytest.raises(services.AlreadyAnswered):
        answer_as_member(check, newcomer, ANSWERS_HIGH)


def test_it_forgets_who_was_invited_when_the_round_closes(cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_as_member(check, cast.central_member, ANSWERS_HIGH)
    services.partnership_close_check(check=check, by=cast.central_lead)
    assert not Invitation.objects.filter(check_round=check).exists()
    assert not MemberInvited.objects.filter(check_round=check).exists()
    assert Response.objects.filter(check_round=check).count() == 1


def test_it_refuses_a_second_answer_in_the_service(cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_as_member(check, cast.central_member, ANSWERS_HIGH)
    with pytest.raises(services.AlreadyAnswered):
        answer_as_member(check, cast.central_member, ANSWERS_HIGH)
    code = services.partnership_issue_codes(check=check, side="frontline", count=1, by=cast.central_lead)[0]
    digest = services.code_digest(code.lower().replace("-", " "))  # typed from paper
    services.partnership_answer_check(
        check=check, invitation_digest=digest, answers=ANSWERS_HIGH, talk_about=""
    )
    with pytest.raises(services.AlreadyAnswered):
        services.partnership_answer_check(check=check, invitation_digest=digest, answers=ANSWERS_HIGH,
                                          talk_about="")  # fmt: skip
    assert sorted(Response.objects.values_list("side", flat=True)) == ["central", "frontline"]


def test_it_refuses_incomplete_or_out_of_range_answers(cast, partnership):
    check = open_check(partnership, cast.central_lead)
    with pytest.raises(ValidationError, match="Answer every question"):
        answer_as_member(check, cast.central_member, {"trust_1": 3})
    with pytest.raises(ValidationError, match="from 1 to 5"):
        answer_as_member(check, cast.central_member, {**ANSWERS_HIGH, "trust_1": 9})
    assert not Response.objects.exists()
    assert services.member_invitation_state(check=check, user=cast.central_member) == "invited"


def test_it_shows_no_results_while_the_round_is_open(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 6, "c")
    client.force_login(cast.central_lead)
    page = client.get(check.get_absolute_url()).content.decode()
    assert "Results appear here when it closes" in page
    assert "results-table" not in page


def test_it_shows_the_split_and_a_divergence_warning_with_eight_responses(
    client, cast, partnership, settings
):
    # Eight answers can only show two sides when a side needs four; the default of five is tested below.
    settings.JOINEDUP_MIN_ANONYMOUS_GROUP = 4
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 4, "c")
    answer_many(check, "local", ANSWERS_LOW_TRUST, 4, "l")
    services.partnership_close_check(check=check, by=cast.central_lead)
    client.force_login(cast.local_member)
    page = client.get(check.get_absolute_url()).content.decode()
    assert "Trust: the sides see it differently — central government 4.5 against local government 2.0" in page
    assert "<svg" in page and 'role="img"' in page and "results-table" in page
    assert WITHHELD not in page.split("results-table")[1].split("</table>")[0].replace(
        "Not enough responses</span>", ""
    )


def test_it_shows_the_split_with_the_default_minimum_of_five_per_side(cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 5, "c")
    answer_many(check, "local", ANSWERS_LOW_TRUST, 5, "l")
    services.partnership_close_check(check=check, by=cast.central_lead)
    results = check_results(check)
    assert results.by_side["central"]["trust"].mean == 4.5
    assert results.by_side["local"]["trust"].mean == 2.0
    assert any("Trust: the sides see it differently" in w for w in results.warnings)


def test_it_withholds_everything_with_four_responses(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 2, "c")
    answer_many(check, "local", ANSWERS_LOW_TRUST, 2, "l")
    services.partnership_close_check(check=check, by=cast.central_lead)
    client.force_login(cast.central_lead)
    page = client.get(check.get_absolute_url()).content.decode()
    assert WITHHELD in page
    assert "results-table" not in page and "<svg" not in page
    assert "the sides see it differently" not in page


def test_it_withholds_a_side_that_could_be_worked_out_from_the_total(cast, partnership):
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 5, "c")
    answer_many(check, "local", ANSWERS_LOW_TRUST, 3, "l")
    services.partnership_close_check(check=check, by=cast.central_lead)
    results = check_results(check)
    assert results.overall["trust"].mean is not None
    assert results.by_side["local"]["trust"].withheld
    # Shown next to the total, the central figure would give away the three local answers.
    assert results.by_side["central"]["trust"].withheld


def test_it_decides_which_sides_to_show():
    assert shown_sides({"central": 5, "local": 5, "frontline": 0}) == {"central", "local"}
    assert shown_sides({"central": 6, "local": 5, "frontline": 2}) == {"central"}
    assert shown_sides({"central": 9, "local": 6, "frontline": 5}) == {"central", "local", "frontline"}
    assert shown_sides({"central": 4, "local": 1, "frontline": 0}) == set()


def test_it_warns_when_a_dimension_drops_since_the_last_round(cast, partnership):
    today = timezone.localdate()
    first = services.partnership_schedule_check(partnership=partnership, opens_on=today - timedelta(days=40),
                                                closes_on=today, by=cast.central_lead)  # fmt: skip
    answer_many(first, "central", ANSWERS_HIGH, 5, "a")
    services.partnership_close_check(check=first, by=cast.central_lead)
    second = open_check(partnership, cast.central_lead)
    answer_many(second, "central", ANSWERS_LOW_TRUST, 5, "b")
    services.partnership_close_check(check=second, by=cast.central_lead)
    from joinedup.partnerships.selectors import latest_results

    results = latest_results(partnership)
    assert results is not None and results.check == second
    assert any("Trust: fell by 2.50 points since the last round" in w for w in results.warnings)


def test_it_shows_trends_across_rounds(client, cast, partnership):
    today = timezone.localdate()
    first = services.partnership_schedule_check(partnership=partnership, opens_on=today - timedelta(days=40),
                                                closes_on=today, by=cast.central_lead)  # fmt: skip
    answer_many(first, "central", ANSWERS_HIGH, 5, "a")
    services.partnership_close_check(check=first, by=cast.central_lead)
    second = open_check(partnership, cast.central_lead)
    answer_many(second, "central", ANSWERS_HIGH, 5, "b")
    services.partnership_close_check(check=second, by=cast.central_lead)
    client.force_login(cast.central_lead)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Across rounds" in page and page.count("<svg") == 2
    # No time is kept, so none is shown: the browser-measured duration went with the open link.
    assert "Median time to answer" not in page


def test_it_lets_frontline_staff_answer_once_with_a_code_on_its_side(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    code = services.partnership_issue_codes(check=check, side="frontline", count=1, by=cast.central_lead)[0]
    url = reverse("partnerships:answer-code", args=[code])
    page = client.get(url).content.decode()
    assert "You answer as: <strong>Frontline staff</strong>" in page and 'name="side"' not in page
    response = client.post(url, {**form_data(ANSWERS_HIGH), "side": "central"}, follow=True)
    assert "Your answers are in" in response.content.decode()
    assert Response.objects.get().side == "frontline"
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(ANSWERS_HIGH)).status_code == 404
    assert Response.objects.count() == 1


def test_it_finds_a_code_typed_from_paper(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    code = services.partnership_issue_codes(check=check, side="local", count=1, by=cast.central_lead)[0]
    response = client.get(reverse("partnerships:enter-code"), {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert "Send my answers" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("partnerships:enter-code"), {"code": "--"}).status_code == 200
    assert client.get(reverse("partnerships:answer-code", args=["WRONG-CODE"])).status_code == 404


def test_it_retires_the_open_frontline_link(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    url = reverse("partnerships:answer-link", args=[check.link_token])
    response = client.post(url, form_data(ANSWERS_HIGH))
    assert response.status_code == 410 and "no longer takes answers" in response.content.decode()
    assert not Response.objects.exists()
    assert client.get(reverse("partnerships:answer-link", args=["guess"])).status_code == 404


def test_it_issues_codes_for_a_side_shown_once_to_a_lead_only(client, cast, partnership):
    check = open_check(partnership, cast.central_lead)
    url = reverse("partnerships:issue-codes", args=[partnership.pk, check.pk])
    client.force_login(cast.central_member)
    assert client.get(url).status_code == 403
    client.force_login(cast.local_lead)
    too_many = client.post(url, {"side": "frontline", "count": 201}).content.decode()
    assert "govuk-error-summary" in too_many and "200" in too_many
    response = client.post(url, {"side": "frontline", "count": 3})
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    codes = [c for c in page.split("<code>")[1:] if "/code/" not in c.split("</code>")[0]]
    codes = [c.split("</code>")[0] for c in codes]
    assert len(codes) == 3 and all(len(c) == 19 for c in codes)
    stored = set(Invitation.objects.filter(kind="code").values_list("digest", flat=True))
    assert stored == {services.code_digest(c) for c in codes}
    assert not any(code in stored for code in codes)  # only digests are kept
    assert set(Invitation.objects.filter(kind="code").values_list("side", flat=True)) == {"frontline"}
    services.partnership_close_check(check=check, by=cast.local_lead)
    assert client.post(url, {"side": "frontline", "count": 3}).status_code == 302
    assert not Invitation.objects.filter(kind="code").exists()


def test_it_only_lets_leads_schedule_and_close(client, cast, partnership):
    client.force_login(cast.central_member)
    assert client.get(reverse("partnerships:schedule-check", args=[partnership.pk])).status_code == 403
    check = open_check(partnership, cast.central_lead)
    assert (
        client.post(reverse("partnerships:close-check", args=[partnership.pk, check.pk])).status_code == 403
    )


def test_it_schedules_a_check_through_the_form(client, cast, partnership):
    client.force_login(cast.local_lead)
    today = timezone.localdate()
    response = client.post(
        reverse("partnerships:schedule-check", args=[partnership.pk]),
        {"opens_on": today.isoformat(), "closes_on": (today - timedelta(days=1)).isoformat()},
    )
    assert "The closing date must be on or after the opening date" in response.content.decode()
    client.post(
        reverse("partnerships:schedule-check", args=[partnership.pk]),
        {"opens_on": today.isoformat(), "closes_on": (today + timedelta(days=3)).isoformat()},
    )
    assert partnership.health_checks.count() == 1


def _codes_table(page):
    section = page.split('id="codes-issued"')[1]
    return (
        " ".join(section.split("</table>")[0].split())
        if "<table" in section.split("</h2>", 1)[1][:400]
        else ""
    )


def test_every_member_sees_how_many_codes_were_issued_for_each_side_and_by_whom(client, cast, partnership):
    """A lead can answer with codes they issued: the round shows every member how many there were, per side,
    so codes nobody expected (a batch for a side whose people all have accounts) can be questioned."""
    check = open_check(partnership, cast.central_lead)
    client.force_login(cast.local_member)
    assert "No codes were issued" in client.get(check.get_absolute_url()).content.decode()
    client.force_login(cast.local_lead)
    client.post(
        reverse("partnerships:issue-codes", args=[partnership.pk, check.pk]),
        {"side": "frontline", "count": 3},
    )
    codes = services.partnership_issue_codes(check=check, side="central", count=2, by=cast.central_lead)
    services.partnership_issue_codes(check=check, side="frontline", count=4, by=cast.central_lead)
    client.force_login(cast.local_member)
    table = _codes_table(client.get(check.get_absolute_url()).content.decode())
    assert (
        'Central government</th> <td class="govuk-table__cell govuk-table__cell--numeric">2</td> <td class="govuk-table__cell">Cleo Central</td>'
        in table
    )
    assert '>7</td> <td class="govuk-table__cell">Cleo Central, Lou Local</td>' in table
    assert "Local government" not in table
    # Using a code changes nothing here (the record says who issued, never who answered), and it outlives the close.
    services.partnership_answer_check(check=check, invitation_digest=services.code_digest(codes[0]),
                                      answers=ANSWERS_HIGH, talk_about="")  # fmt: skip
    assert sorted(CodeBatch.objects.values_list("count", flat=True)) == [2, 3, 4]
    services.partnership_close_check(check=check, by=cast.central_lead)
    assert not Invitation.objects.exists() and CodeBatch.objects.count() == 3
    client.force_login(cast.central_member)
    assert _codes_table(client.get(check.get_absolute_url()).content.decode()) == table


def test_the_answer_forms_added_box_is_styled_like_every_other(client, cast, partnership):
    """The "what should we talk about?" box is added after the form's __init__; it is styled all the same."""
    check = open_check(partnership, cast.central_lead)
    client.force_login(cast.central_member)
    page = client.get(check.get_absolute_url()).content.decode()
    assert re.search(r'<textarea name="talk_about"[^>]*class="govuk-textarea"', page)
