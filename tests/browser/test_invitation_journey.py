"""A convener invites a new address to a situation; the email goes through a real SMTP server on loopback
(aiosmtpd, tests/smtp_sink.py); its link signs the person up and lands them in the situation, and works only once."""

import email
import re
import time
from email import policy

import pytest

from joinedup.accounts.models import User
from joinedup.jobs.services import jobs_run_all
from joinedup.notifications.models import Kind
from joinedup.notifications.services import notify
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.people_helpers import PASSWORD
from tests.situations.personas import build_cast
from tests.smtp_sink import smtp_sink

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def smtp(settings):
    with smtp_sink(settings) as inbox:
        yield inbox


def test_a_new_address_is_invited_signs_up_through_the_link_and_the_link_then_stops_working(
    page, live_server, settings, smtp
):
    settings.JOINEDUP_SITE_URL = live_server.url
    cast = build_cast()
    sign_in(page, cast.convener.email, PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(f"/situations/{cast.situation.pk}/members/")
    page.get_by_role("link", name="Invite people by email").click()
    page.get_by_label("Email addresses").fill("nia.new@example.org")
    page.get_by_label("Member", exact=True).check()
    page.get_by_role("button", name="Send invitations").click()
    assert "1 invitation will be emailed" in page.locator(".govuk-notification-banner").inner_text()
    assert "nia.new@example.org" in page.locator("table").inner_text()
    assert_accessible(page)
    screenshot(page, "invitations-invite")

    jobs_run_all()
    deadline = time.monotonic() + 10
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    [(recipients, raw)] = smtp.messages
    assert recipients == ["nia.new@example.org"]
    message = email.message_from_bytes(raw, policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None
    link = re.search(r"http://\S+/invitations/accept/\S+/", text).group(0)

    # Still signed in as the convener, the link is not theirs to use: it names the address and offers a sign-out.
    page.goto(link)
    assert "Only the invited address can accept it" in page.locator(".govuk-warning-text").inner_text()
    assert_accessible(page)
    screenshot(page, "invitations-not-yours")
    # The sign-out comes back to the same address, so wait for the signed-out page itself, not the URL.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").last.click()
    page.get_by_role("heading", name="Create your account").wait_for()
    assert_accessible(page)
    screenshot(page, "invitations-accept")
    page.get_by_label("Your full name").fill("Nia New")
    page.get_by_label("Choose a password").fill("a long enough passphrase 42")
    page.get_by_role("button", name="Create account and accept").click()
    page.wait_for_url(f"**/situations/{cast.situation.pk}/")
    assert page.locator("h1").inner_text() == cast.situation.title
    assert "Nia New" in page.content()

    page.goto(link)
    assert page.locator("h1").inner_text() == "This invitation link cannot be used"
    page.set_viewport_size({"width": 390, "height": 800})
    assert_accessible(page)

    # Her inbox, with the unread count in the header, and her email preferences.
    nia = User.objects.get(email="nia.new@example.org")
    notify(recipients=[nia], kind=Kind.SITUATION_CHANGED, object_key=f"situation:{cast.situation.pk}",
           title=cast.situation.title, url=cast.situation.get_absolute_url(), message="Cara updated the situation.")  # fmt: skip
    page.goto("/notifications/")
    assert (
        "1 unread" in page.locator(".govuk-service-navigation__link[href='/notifications/']").text_content()
    )
    assert_accessible(page)
    screenshot(page, "notifications-inbox-narrow")
    page.get_by_role("button", name=cast.situation.title).click()
    page.wait_for_url(f"**/situations/{cast.situation.pk}/")
    page.goto("/notifications/preferences/")
    page.get_by_label("A situation changed").select_option("weekly")
    page.get_by_role("button", name="Save preferences").click()
    assert "Your email preferences are saved" in page.content()
    assert_accessible(page)
    screenshot(page, "notifications-preferences-narrow")
