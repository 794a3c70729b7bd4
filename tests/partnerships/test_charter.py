import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.partnerships import services
from joinedup.partnerships.models import Confirmation, ParticipantRole, Side, State
from tests.partnerships.cast import agree, complete_charter, make_cast, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def test_it_asks_for_the_shared_outcome_first_and_requires_it(client, cast):
    client.force_login(cast.central_lead)
    page = client.get(reverse("partnerships:create")).content.decode()
    assert page.index('name="shared_outcome"') < page.index('name="title"')
    response = client.post(reverse("partnerships:create"), {"title": "No outcome", "kind": "joint_working"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_it_creates_a_partnership_with_the_creator_as_lead_of_their_side(client, cast):
    client.force_login(cast.local_lead)
    response = client.post(
        reverse("partnerships:create"),
        {"shared_outcome": "Fewer rough sleepers", "title": "Rough sleeping", "kind": "secondment"},
    )
    assert response.status_code == 302
    lead = cast.local_lead.partnership_roles.get()
    assert (lead.role, lead.side) == (ParticipantRole.LEAD, Side.LOCAL)


def test_it_refuses_agreement_while_exit_criteria_and_champions_are_missing(client, cast):
    p = make_partnership(cast)
    client.force_login(cast.central_lead)
    response = client.post(reverse("partnerships:confirm", args=[p.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "The charter cannot be agreed yet" in page
    assert "Add the exit criteria" in page
    assert "Add a planned exit date" in page
    assert "Add a senior champion on the central side." in page
    assert "Add a senior champion on the local side." in page
    assert not Confirmation.objects.exists()


def test_it_refuses_agreement_while_one_sides_champion_is_missing(client, cast):
    p = make_partnership(cast, complete=True)
    champion = p.champions.get(side=Side.LOCAL)
    services.partnership_champion_left(champion=champion, by=cast.local_lead)
    client.force_login(cast.local_lead)
    page = client.post(reverse("partnerships:confirm", args=[p.pk])).content.decode()
    assert "Add a senior champion on the local side." in page
    assert "central side" not in page.split("The charter cannot be agreed yet")[1].split("</ul>")[0]


def test_it_agrees_when_both_leads_confirm(client, cast):
    p = make_partnership(cast, complete=True)
    client.force_login(cast.central_lead)
    client.post(reverse("partnerships:confirm", args=[p.pk]))
    p.refresh_from_db()
    assert p.state == State.EXPLORING
    client.force_login(cast.local_lead)
    client.post(reverse("partnerships:confirm", args=[p.pk]))
    p.refresh_from_db()
    assert p.state == State.AGREED


def test_it_lets_only_leads_confirm(client, cast):
    p = make_partnership(cast, complete=True)
    client.force_login(cast.central_member)
    assert client.post(reverse("partnerships:confirm", args=[p.pk])).status_code == 403


def test_it_withdraws_confirmations_when_the_charter_changes_after_agreement(client, cast):
    p = make_partnership(cast, complete=True)
    agree(cast, p)
    client.force_login(cast.local_lead)
    data = {
        "shared_outcome": p.shared_outcome, "title": p.title, "kind": p.kind, "programme": p.programme_id,
        "exit_criteria": "Council runs it alone for six months", "planned_exit_date": "2027-09-30",
    }  # fmt: skip
    response = client.post(reverse("partnerships:edit", args=[p.pk]), data, follow=True)
    p.refresh_from_db()
    assert p.state == State.EXPLORING
    assert not p.confirmations.exists()
    assert "confirmations were withdrawn" in response.content.decode()
    assert "Both leads need to confirm the charter again" in response.content.decode()


def test_it_keeps_confirmations_when_only_progress_changes(cast):
    p = make_partnership(cast, complete=True)
    d = services.partnership_add_deliverable(
        partnership=p, by=cast.central_lead, title="Pilot", due_date="2027-01-01"
    )
    agree(cast, p)
    services.partnership_update_deliverable(deliverable=d, by=cast.central_lead, data={"progress": 40})
    p.refresh_from_db()
    assert p.state == State.AGREED


def test_it_runs_the_lifecycle_to_closed_with_an_exit_review(client, cast):
    p = make_partnership(cast, complete=True)
    agree(cast, p)
    client.force_login(cast.central_lead)
    client.post(reverse("partnerships:transition", args=[p.pk, "activate"]))
    client.post(reverse("partnerships:transition", args=[p.pk, "start-exit"]), {"confirmed": "yes"})
    p.refresh_from_db()
    assert p.state == State.EXITING
    review = {
        "set_out_to_do": "Cut TA use",
        "what_happened": "Fell by a fifth",
        "do_differently": "Start data sharing sooner",
        "helped_or_hindered": "A stable housing director helped",
    }
    client.post(reverse("partnerships:close", args=[p.pk]), review)
    p.refresh_from_db()
    assert p.state == State.CLOSED
    assert p.exit_review.submitted_by == cast.central_lead


def test_it_refuses_to_activate_once_a_champion_has_left(client, cast):
    p = make_partnership(cast, complete=True)
    agree(cast, p)
    services.partnership_champion_left(champion=p.champions.get(side=Side.CENTRAL), by=cast.central_lead)
    client.force_login(cast.central_lead)
    response = client.post(reverse("partnerships:transition", args=[p.pk, "activate"]))
    assert "Add a senior champion on the central side." in response.content.decode()
    p.refresh_from_db()
    assert p.state == State.AGREED


def test_it_refuses_a_transition_from_the_wrong_state(cast):
    p = make_partnership(cast, complete=True)
    with pytest.raises(ValidationError, match="only be done when the partnership is active"):
        services.partnership_transition(partnership=p, action="start-exit", by=cast.central_lead)


def test_it_requires_an_amount_or_a_note_for_a_cost(client, cast):
    p = make_partnership(cast)
    client.force_login(cast.central_lead)
    response = client.post(
        reverse("partnerships:add-cost", args=[p.pk]), {"item": "Venue", "bearer": "shared"}
    )
    assert "Give an amount or a note" in response.content.decode()
    assert not p.costs.exists()


def test_it_records_a_declaration_of_interest(client, cast):
    p = make_partnership(cast)
    client.force_login(cast.local_member)
    client.post(
        reverse("partnerships:declare", args=[p.pk]),
        {"represents": "Leeds housing options team", "conflicts": "My partner works for a provider"},
    )
    page = client.get(reverse("partnerships:detail", args=[p.pk])).content.decode()
    assert "Leeds housing options team" in page
    assert "My partner works for a provider" in page


def test_it_tells_the_apps_above_it_of_the_exit_review_when_closing(cast):
    from joinedup.partnerships.signals import exit_review_submitted

    p = make_partnership(cast, complete=True)
    agree(cast, p)
    services.partnership_transition(partnership=p, action="activate", by=cast.central_lead)
    services.partnership_transition(partnership=p, action="start-exit", by=cast.central_lead)
    called = []

    def receiver(sender, *, exit_review, **kwargs):
        called.append(exit_review)

    exit_review_submitted.connect(receiver)
    try:
        review = {
            "set_out_to_do": "a",
            "what_happened": "b",
            "do_differently": "c",
            "helped_or_hindered": "d",
        }
        exit_review = services.partnership_close(partnership=p, by=cast.central_lead, review=review)
    finally:
        exit_review_submitted.disconnect(receiver)
    assert called == [exit_review]


def test_it_complete_charter_helper_is_complete(cast):
    p = make_partnership(cast)
    complete_charter(cast, p)
    assert services.agreement_problems(p) == []


def test_it_closes_without_a_lesson_when_no_app_takes_exit_reviews(cast, monkeypatch, caplog):
    from joinedup.partnerships.signals import exit_review_submitted

    p = make_partnership(cast, complete=True)
    agree(cast, p)
    services.partnership_transition(partnership=p, action="activate", by=cast.central_lead)
    services.partnership_transition(partnership=p, action="start-exit", by=cast.central_lead)
    # As if the learning app were not installed: nothing is connected to the signal.
    monkeypatch.setattr(exit_review_submitted, "receivers", [])
    monkeypatch.setattr(exit_review_submitted, "sender_receivers_cache", {})
    review = {"set_out_to_do": "a", "what_happened": "b", "do_differently": "c", "helped_or_hindered": "d"}
    with caplog.at_level("INFO", logger="joinedup.partnerships.services"):
        services.partnership_close(partnership=p, by=cast.central_lead, review=review)
    p.refresh_from_db()
    assert p.state == State.CLOSED
    assert "kept without a lesson" in caplog.text


def test_it_withdraws_confirmations_of_an_active_partnership_until_both_leads_confirm_again(client, cast):
    p = make_partnership(cast, complete=True)
    agree(cast, p)
    services.partnership_transition(partnership=p, action="activate", by=cast.central_lead)
    services.partnership_add_cost(
        partnership=p, by=cast.local_lead, item="Office space", bearer="local", note="In kind"
    )
    p.refresh_from_db()
    assert p.state == State.ACTIVE and not p.confirmations.exists()
    client.force_login(cast.central_member)
    assert "Both leads need to confirm the charter again" in client.get(p.get_absolute_url()).content.decode()
    agree(cast, p)
    assert p.confirmations_withdrawn_at is None
    assert "Both leads need to confirm" not in client.get(p.get_absolute_url()).content.decode()


def test_it_leaves_a_draft_lesson_in_the_learning_library(cast):
    from django.apps import apps

    if not apps.is_installed("joinedup.learning"):
        pytest.skip("the learning library is not installed")
    from joinedup.learning.models import Lesson

    p = make_partnership(cast, complete=True)
    agree(cast, p)
    services.partnership_transition(partnership=p, action="activate", by=cast.central_lead)
    services.partnership_transition(partnership=p, action="start-exit", by=cast.central_lead)
    review = {"set_out_to_do": "a", "what_happened": "b", "do_differently": "c", "helped_or_hindered": "d"}
    services.partnership_close(partnership=p, by=cast.central_lead, review=review)
    assert Lesson.objects.filter(title=f"Exit review: {p.title}").exists()
