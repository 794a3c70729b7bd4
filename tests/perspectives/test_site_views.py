"""Every conversation page tried by each persona: convener, member, outsider (404), anonymous, wrong method."""

import pytest
from django.urls import reverse

from joinedup.perspectives.models import Conversation, Statement, StatementStatus
from tests.perspectives import site_cast

MEMBER_GET = ["list", "detail", "vote", "statement-add", "report", "summary", "export"]
CONVENER_GET = ["create", "edit", "statement-upload", "moderation"]
CONVENER_POST = ["new-link", "moderate"]
GET_ONLY = ["list", "detail", "moderation", "report", "summary", "export"]

site = site_cast.site  # the fixtures, under their own names
as_user = site_cast.as_user


def url(site, name):
    c = site.conversation
    if name in ("list", "create"):
        return reverse(f"perspectives:{name}", args=[c.situation_id])
    if name == "moderate":
        return reverse("perspectives:moderate", args=[c.pk, site.statements[0].pk])
    return reverse(f"perspectives:{name}", args=[c.pk])


@pytest.mark.parametrize("name", MEMBER_GET + CONVENER_GET)
def test_it_sends_anonymous_visitors_to_sign_in(site, client, name):
    response = client.get(url(site, name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("name", MEMBER_GET + CONVENER_GET)
def test_it_hides_every_page_from_outsiders(site, as_user, name):
    assert as_user(site.people.outsider).get(url(site, name)).status_code == 404


@pytest.mark.parametrize("name", CONVENER_POST + ["vote", "statement-add", "create", "edit"])
def test_it_hides_writes_from_outsiders(site, as_user, name):
    response = as_user(site.people.outsider).post(url(site, name), {"vote": "agree", "decision": "reject"})
    assert response.status_code == 404
    assert site.conversation.statements.filter(status=StatementStatus.REJECTED).count() == 0


@pytest.mark.parametrize("name", MEMBER_GET)
def test_it_shows_members_their_pages(site, as_user, name):
    assert as_user(site.people.member).get(url(site, name)).status_code == 200


@pytest.mark.parametrize("name", MEMBER_GET + CONVENER_GET)
def test_it_shows_conveners_every_page(site, as_user, name):
    assert as_user(site.people.convener).get(url(site, name)).status_code == 200


@pytest.mark.parametrize("name", CONVENER_GET)
def test_it_refuses_convener_pages_to_members(site, as_user, name):
    assert as_user(site.people.member).get(url(site, name)).status_code == 403


@pytest.mark.parametrize("name", CONVENER_POST)
def test_it_refuses_convener_actions_to_members(site, as_user, name):
    token = site.conversation.anonymous_token
    response = as_user(site.people.member).post(url(site, name), {"decision": "reject"})
    assert response.status_code == 403
    site.conversation.refresh_from_db()
    assert site.conversation.anonymous_token == token
    assert site.statements[0].status == StatementStatus.APPROVED


@pytest.mark.parametrize("name", GET_ONLY)
def test_it_rejects_post_on_read_only_pages(site, as_user, name):
    assert as_user(site.people.convener).post(url(site, name)).status_code == 405


@pytest.mark.parametrize("name", CONVENER_POST)
def test_it_rejects_get_on_actions(site, as_user, name):
    assert as_user(site.people.convener).get(url(site, name)).status_code == 405


@pytest.mark.parametrize("name", ["vote", "statement-add", "create", "edit", "statement-upload"])
def test_it_rejects_put_on_forms(site, as_user, name):
    assert as_user(site.people.convener).put(url(site, name)).status_code == 405


def test_it_lets_the_convener_open_a_conversation_with_seed_statements(site, as_user):
    response = as_user(site.people.convener).post(
        url(site, "create"),
        {
            "title": "Data sharing",
            "question": "What would help councils and DWP share data?",
            "statements": "A shared identifier would help.\n\nConsent rules are unclear.\n",
            "members_add_statements": "on",
        },
    )
    conversation = Conversation.objects.get(title="Data sharing")
    assert response.status_code == 302
    assert response["Location"] == conversation.get_absolute_url()
    assert [s.text for s in conversation.statements.order_by("number")] == [
        "A shared identifier would help.",
        "Consent rules are unclear.",
    ]
    assert set(conversation.statements.values_list("status", flat=True)) == {StatementStatus.APPROVED}
    assert conversation.anonymous_enabled is False


def test_it_names_each_bad_line_and_opens_nothing(site, as_user):
    response = as_user(site.people.convener).post(
        url(site, "create"),
        {"title": "Bad", "question": "Q?", "statements": "Fine.\n" + "x" * 401 + "\nFine."},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Line 2: A statement must be 400 characters or fewer" in body
    assert "Line 3: repeats an earlier statement" in body
    assert not Conversation.objects.filter(title="Bad").exists()


def test_it_takes_seed_statements_from_a_csv_upload(site, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "seeds.csv", b'id,statement\n1,From a file.\n2,"With, a comma."\n', "text/csv"
    )
    response = as_user(site.people.convener).post(
        url(site, "statement-upload"), {"statements": "", "statements_file": upload}
    )
    assert response.status_code == 302
    texts = list(site.conversation.statements.values_list("text", flat=True))
    assert "From a file." in texts and "With, a comma." in texts


def test_it_refuses_an_upload_repeating_an_existing_statement_and_adds_nothing(site, as_user):
    before = site.conversation.statements.count()
    response = as_user(site.people.convener).post(
        url(site, "statement-upload"), {"statements": "Something new.\n" + site.statements[0].text.upper()}
    )
    assert response.status_code == 200
    assert "already a statement" in response.content.decode()
    assert site.conversation.statements.count() == before


def test_it_lets_the_convener_change_the_settings(site, as_user):
    response = as_user(site.people.convener).post(
        url(site, "edit"), {"title": "Renamed", "question": "New question?", "anonymous_enabled": ""}
    )
    assert response.status_code == 302
    site.conversation.refresh_from_db()
    assert (site.conversation.title, site.conversation.is_open, site.conversation.anonymous_enabled) == (
        "Renamed",
        False,
        False,
    )


def test_it_makes_a_new_link_and_the_old_one_stops_working(site, as_user, client):
    old = site.conversation.anonymous_token
    as_user(site.people.convener).post(url(site, "new-link"))
    site.conversation.refresh_from_db()
    assert site.conversation.anonymous_token != old
    client.logout()
    assert client.get(reverse("perspectives:join", args=[old])).status_code == 404
    assert (
        client.get(reverse("perspectives:join", args=[site.conversation.anonymous_token])).status_code == 200
    )


def test_it_shows_the_link_only_to_conveners(site, as_user, client):
    token = site.conversation.anonymous_token
    assert token in as_user(site.people.convener).get(url(site, "detail")).content.decode()
    client.logout()
    assert token not in as_user(site.people.member).get(url(site, "detail")).content.decode()


def test_it_lists_conversations_in_the_situation_panel(site, as_user):
    page = as_user(site.people.member).get(site.people.situation.get_absolute_url()).content.decode()
    assert "Getting families out of B&amp;Bs" in page
    assert site.conversation.get_absolute_url() in page


def test_it_shows_the_panel_nothing_for_outsiders(site):
    from joinedup.perspectives.panels import situation_conversations_panel

    assert situation_conversations_panel(site.people.situation, site.people.outsider) is None


def test_it_lets_an_admin_read_but_not_vote(site, as_user):
    client = as_user(site.people.admin)
    assert client.get(url(site, "report")).status_code == 200
    response = client.post(url(site, "vote"), {"statement": site.statements[0].pk, "vote": "agree"})
    assert response.status_code == 403


def test_it_hides_the_statement_form_when_members_may_not_add(site, as_user):
    site.conversation.members_add_statements = False
    site.conversation.save()
    assert as_user(site.people.member).get(url(site, "statement-add")).status_code == 403
    assert Statement.objects.filter(conversation=site.conversation).count() == 3
