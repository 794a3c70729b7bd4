"""Voting: one statement at a time, the latest vote counts, refused votes, moderation and the anonymous link."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.perspectives import services
from joinedup.perspectives.models import Participant, Statement, StatementStatus, Vote
from joinedup.situations.models import Perspective
from tests.perspectives import site_cast
from tests.perspectives.site_cast import build_site_cast

site = site_cast.site  # the fixtures, under their own names
as_user = site_cast.as_user


def vote_url(site):
    return reverse("perspectives:vote", args=[site.conversation.pk])


def test_it_shows_one_statement_at_a_time_seeds_first(site, as_user):
    client = as_user(site.people.member)
    page = client.get(vote_url(site)).content.decode()
    assert site.statements[0].text in page
    assert site.statements[1].text not in page
    response = client.post(vote_url(site), {"statement": site.statements[0].pk, "vote": "agree"})
    assert response.status_code == 302 and response["Location"] == vote_url(site)
    page = client.get(vote_url(site)).content.decode()
    assert site.statements[1].text in page and "You have voted on 1 of 3 statements" in page


def test_it_records_a_members_perspective_from_their_membership(site, as_user):
    as_user(site.people.member).post(vote_url(site), {"statement": site.statements[0].pk, "vote": "disagree"})
    participant = Participant.objects.get(conversation=site.conversation, user=site.people.member)
    assert participant.perspective == Perspective.LOCAL
    assert participant.votes.get().value == -1


def test_it_keeps_the_latest_vote(site, as_user):
    client = as_user(site.people.member)
    statement = site.statements[0]
    for word in ("agree", "disagree", "pass"):
        client.post(vote_url(site), {"statement": statement.pk, "vote": word})
    votes = Vote.objects.filter(statement=statement)
    assert votes.count() == 1
    assert votes.get().value == 0


def test_it_refuses_a_vote_on_a_rejected_statement(site, as_user):
    statement = site.statements[0]
    services.statement_moderate(statement=statement, actor=site.people.convener, approve=False)
    response = as_user(site.people.member).post(vote_url(site), {"statement": statement.pk, "vote": "agree"})
    assert response.status_code == 400
    assert "not open for voting" in response.content.decode()
    assert not Vote.objects.exists()


def test_it_refuses_a_vote_on_an_unknown_statement(site, as_user):
    response = as_user(site.people.member).post(vote_url(site), {"statement": 999999, "vote": "agree"})
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_it_leaves_no_participant_behind_when_a_members_first_vote_is_refused(site, as_user):
    """The participant made for a member's first vote went on existing when the vote was refused, counted among
    the conversation's participants (found by tests/fuzz/test_bad_input.py)."""
    response = as_user(site.people.member).post(
        vote_url(site), {"statement": site.statements[0].pk, "vote": ""}
    )
    assert response.status_code == 400
    assert not Participant.objects.filter(conversation=site.conversation, user=site.people.member).exists()


def test_it_refuses_a_vote_on_another_conversations_statement(site, as_user):
    other = services.conversation_create(
        situation=site.people.situation,
        created_by=site.people.convener,
        title="Other",
        question="Q?",
        seed_statements=["Elsewhere."],
    )
    elsewhere = other.statements.get()
    response = as_user(site.people.member).post(vote_url(site), {"statement": elsewhere.pk, "vote": "agree"})
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_it_refuses_a_vote_on_a_statement_waiting_for_moderation(site):
    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    pending = services.statement_add(
        conversation=site.conversation, participant=participant, text="New idea."
    )
    with pytest.raises(ValidationError):
        services.vote_cast(participant=participant, statement_id=pending.pk, value=1)


def test_it_refuses_a_vote_that_is_not_agree_disagree_or_pass(site, as_user):
    response = as_user(site.people.member).post(
        vote_url(site), {"statement": site.statements[0].pk, "vote": "maybe"}
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        services.vote_cast(
            participant=services.participant_for_member(
                conversation=site.conversation, user=site.people.member
            ),
            statement_id=site.statements[0].pk,
            value=2,
        )
    assert not Vote.objects.exists()


def test_it_refuses_votes_once_closed(site, as_user):
    services.conversation_update(site.conversation, is_open=False)
    response = as_user(site.people.member).post(
        vote_url(site), {"statement": site.statements[0].pk, "vote": "agree"}
    )
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_it_queues_a_members_statement_for_moderation(site, as_user):
    client = as_user(site.people.member)
    response = client.post(
        reverse("perspectives:statement-add", args=[site.conversation.pk]),
        {"text": "  Schools   are not told.  "},
    )
    assert response.status_code == 302
    statement = Statement.objects.get(text="Schools are not told.")
    assert statement.status == StatementStatus.PENDING
    assert statement.author.user == site.people.member
    assert "Schools are not told." not in client.get(vote_url(site)).content.decode()


def test_it_lets_the_convener_approve_and_reject_from_the_queue(site, as_user):
    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    keep = services.statement_add(conversation=site.conversation, participant=participant, text="Keep me.")
    drop = services.statement_add(conversation=site.conversation, participant=participant, text="Drop me.")
    client = as_user(site.people.convener)
    queue = client.get(reverse("perspectives:moderation", args=[site.conversation.pk])).content.decode()
    assert "Keep me." in queue and "Drop me." in queue
    client.post(
        reverse("perspectives:moderate", args=[site.conversation.pk, keep.pk]), {"decision": "approve"}
    )
    client.post(
        reverse("perspectives:moderate", args=[site.conversation.pk, drop.pk]), {"decision": "reject"}
    )
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert (keep.status, drop.status) == (StatementStatus.APPROVED, StatementStatus.REJECTED)
    assert drop.moderated_by == site.people.convener


def test_it_never_shows_a_rejected_statement_to_voters(site, as_user):
    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    drop = services.statement_add(
        conversation=site.conversation, participant=participant, text="Offensive remark."
    )
    services.statement_moderate(statement=drop, actor=site.people.convener, approve=False)
    client = as_user(site.people.member)
    for statement in site.statements:
        if statement.status == StatementStatus.APPROVED:
            assert "Offensive remark." not in client.get(vote_url(site)).content.decode()
            client.post(vote_url(site), {"statement": statement.pk, "vote": "agree"})
    assert "You have voted on every statement" in client.get(vote_url(site)).content.decode()


def test_it_leaves_no_participant_behind_when_a_members_first_statement_is_refused(site, as_user):
    url = reverse("perspectives:statement-add", args=[site.conversation.pk])
    response = as_user(site.people.member).post(url, {"text": site.statements[0].text})
    assert response.status_code == 200 and "already a statement" in response.content.decode()
    assert not Participant.objects.filter(conversation=site.conversation, user=site.people.member).exists()


def test_it_refuses_a_duplicate_statement(site):
    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    with pytest.raises(ValidationError):
        services.statement_add(
            conversation=site.conversation, participant=participant, text=site.statements[0].text
        )


# --- the anonymous link -------------------------------------------------------------------------------


def join_url(site):
    return reverse("perspectives:join", args=[site.conversation.anonymous_token])


def link_vote_url(site):
    return reverse("perspectives:link-vote", args=[site.conversation.anonymous_token])


def test_it_lets_someone_with_the_link_pick_a_perspective_and_vote(site, client):
    response = client.post(join_url(site), {"perspective": "frontline"})
    assert response.status_code == 302 and response["Location"] == link_vote_url(site)
    cookie = client.cookies[f"ju_conversation_{site.conversation.pk}"]
    assert cookie["httponly"]
    page = client.get(link_vote_url(site)).content.decode()
    assert site.statements[0].text in page
    client.post(link_vote_url(site), {"statement": site.statements[0].pk, "vote": "agree"})
    participant = Participant.objects.get(conversation=site.conversation, user=None)
    assert participant.perspective == "frontline"
    assert participant.votes.get().value == 1


def test_it_sends_a_linked_visitor_without_a_cookie_to_pick_a_perspective(site, client):
    assert client.get(link_vote_url(site))["Location"] == join_url(site)
    response = client.post(link_vote_url(site), {"statement": site.statements[0].pk, "vote": "agree"})
    assert response["Location"] == join_url(site)
    assert not Vote.objects.exists()


def test_it_ignores_a_forged_participant_cookie(site, client):
    participant = services.participant_anonymous_create(conversation=site.conversation, perspective="local")
    client.cookies[f"ju_conversation_{site.conversation.pk}"] = participant.anonymous_key
    assert client.get(link_vote_url(site))["Location"] == join_url(site)


def test_it_lets_someone_with_the_link_add_a_statement_for_moderation(site, client):
    client.post(join_url(site), {"perspective": "service_user"})
    url = reverse("perspectives:link-statement-add", args=[site.conversation.anonymous_token])
    assert client.post(url, {"text": "Nobody explains the rules."}).status_code == 302
    assert Statement.objects.get(text="Nobody explains the rules.").status == StatementStatus.PENDING


def test_it_hides_the_link_pages_when_the_link_is_off(db, client, settings):
    site = build_site_cast(anonymous=False)
    for url in (join_url(site), link_vote_url(site)):
        assert client.get(url).status_code == 404


def test_it_hides_member_pages_from_someone_with_only_the_link(site, client):
    client.post(join_url(site), {"perspective": "frontline"})
    report = reverse("perspectives:report", args=[site.conversation.pk])
    assert client.get(report)["Location"].startswith(reverse("accounts:sign-in"))


def test_it_rejects_wrong_methods_on_the_link_pages(site, client):
    assert client.put(join_url(site)).status_code == 405
    assert client.delete(link_vote_url(site)).status_code == 405


def test_it_asks_again_for_a_perspective_when_none_is_chosen(site, client):
    response = client.post(join_url(site), {})
    assert response.status_code == 200
    assert not Participant.objects.filter(user=None).exists()


def test_it_sends_a_member_who_follows_the_link_to_vote_as_themselves(site, as_user):
    response = as_user(site.people.member).get(join_url(site))
    assert response["Location"] == vote_url(site)
    assert not Participant.objects.filter(user=None).exists()


def test_it_follows_a_change_of_perspective_in_the_membership(site):
    from joinedup.situations.models import Membership

    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    assert services.perspectives_of(site.conversation)[participant.number] == "local"
    Membership.objects.filter(user=site.people.member).update(perspective="frontline")
    assert services.perspectives_of(site.conversation)[participant.number] == "frontline"
