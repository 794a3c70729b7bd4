"""Finding 9: unbounded and leaky endpoints. Each test makes the attack with the rate limits of settings.py (the
rest of the suite raises them, tests/conftest.py) and shows it stopped.

- a flood of votes, of new anonymous identities and of health-check answers from one client gets 429;
- credential stuffing (one account, many addresses) and password spraying (one address, many accounts) are
  paused, and the pause lifts by itself;
- adding a person by email answers the same whether or not the address has an account, and so do sign-in and
  password reset;
- API tokens expire, read-only tokens cannot write, and a coordinator without a confirmed authenticator can
  neither make nor use a token while two-factor authentication is required.
"""

import types
import zlib
from datetime import timedelta

import django_ratelimit.core
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import ApiToken, Role
from joinedup.accounts.services import api_token_create
from joinedup.matching.models import Block
from joinedup.partnerships.models import Participant
from joinedup.partnerships.services import partnership_issue_codes
from joinedup.perspectives.models import Participant as ConversationParticipant
from joinedup.situations.models import MemberRole, Perspective
from tests import people_helpers as h
from tests.partnerships.cast import ANSWERS_LOW_TRUST, make_cast, make_partnership, open_check
from tests.perspectives.site_cast import build_site_cast
from tests.situations.personas import build_cast

pytestmark = [pytest.mark.django_db, pytest.mark.real_rate_limits]


@pytest.fixture(autouse=True)
def _ratelimit_clock_stands_still(monkeypatch):
    """django-ratelimit's windows stand still unless a test moves them (Clock, below). On the real clock a flood
    that crossed a window's edge half-way was counted in two windows and never reached its limit: a test failed
    by chance in CI. Only django-ratelimit's module sees this clock; the cache's expiry keeps the real time."""
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: 1_900_000_000.0))


class Clock:
    """django-ratelimit's clock, moved by hand: windows start and end when the test says."""

    def __init__(self, monkeypatch, start: float) -> None:
        self.now = start
        monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: self.now))

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _start_of_window(value: str, period: int) -> int:
    """A moment just after a window of `period` seconds for counter `value` begins (django-ratelimit jitters the
    windows' edges by the value's CRC)."""
    base = 1_900_000_000 - 1_900_000_000 % period
    return base + zlib.crc32(value.encode()) % period + 1


# --- anonymous participation ----------------------------------------------------------------------------


def _anonymous_participants(site):
    return ConversationParticipant.objects.filter(
        conversation=site.conversation, anonymous_key__isnull=False
    ).count()


def test_it_stops_a_vote_flood_from_one_participant(client):
    site = build_site_cast()
    token = site.conversation.anonymous_token
    assert (
        client.post(reverse("perspectives:join", args=[token]), {"perspective": "frontline"}).status_code
        == 302
    )
    vote_url = reverse("perspectives:link-vote", args=[token])
    statements = site.statements
    answers = [
        client.post(vote_url, {"statement": statements[i % 3].pk, "vote": "agree"}).status_code
        for i in range(40)
    ]
    assert set(answers[:30]) <= {200, 302}
    assert answers[30:] == [429] * 10  # 30 a minute, where the flood was 470
    refused = client.post(vote_url, {"statement": statements[0].pk, "vote": "disagree"})
    assert refused["Retry-After"].isdigit()
    page = refused.content.decode()
    assert "<title>Too many requests" in page  # the title's suffix is base.html's
    assert "Try again in 1 minute" in page
    # Reading goes on; a new cookie made up by hand does not start a new counter (it is not a participant).
    assert client.get(vote_url).status_code == 200
    client.cookies[f"ju_conversation_{site.conversation.pk + 1}"] = "made-up"
    assert client.post(vote_url, {"statement": statements[0].pk, "vote": "agree"}).status_code == 429


def test_it_lets_a_room_on_one_network_vote_at_a_normal_pace(client, django_user_model):
    site = build_site_cast()
    token = site.conversation.anonymous_token
    statements = site.statements
    for person in range(30):  # 30 people behind one office address, each voting on every statement
        client.cookies.clear()
        joined = client.post(reverse("perspectives:join", args=[token]), {"perspective": "frontline"})
        assert joined.status_code == 302, person
        for statement in statements:
            answer = client.post(
                reverse("perspectives:link-vote", args=[token]), {"statement": statement.pk, "vote": "agree"}
            )
            assert answer.status_code in {200, 302}, person
    assert _anonymous_participants(site) == 30


def test_it_stops_one_address_making_anonymous_identities_without_end(client):
    site = build_site_cast()
    join_url = reverse("perspectives:join", args=[site.conversation.anonymous_token])
    answers = []
    for _ in range(61):
        client.cookies.clear()
        answers.append(client.post(join_url, {"perspective": "frontline"}).status_code)
    assert answers[:60] == [302] * 60
    assert answers[60] == 429
    assert _anonymous_participants(site) == 60


def test_it_stops_a_flood_of_health_check_answers_from_one_address(client):
    """Even a holder of many codes answers at most the per-address limit in an hour from one address."""
    cast = make_cast()
    check = open_check(make_partnership(cast, complete=True), cast.central_lead)
    codes = partnership_issue_codes(check=check, side="frontline", count=61, by=cast.central_lead)
    answers = []
    for code in codes:
        client.cookies.clear()
        answers.append(
            client.post(reverse("partnerships:answer-code", args=[code]), ANSWERS_LOW_TRUST).status_code
        )
    assert answers[:60] == [302] * 60
    assert answers[60] == 429
    assert (
        client.get(reverse("partnerships:answer-code", args=[codes[60]])).status_code == 200
    )  # still readable


# --- sign-in ------------------------------------------------------------------------------------------------


def _sign_in(client, email, password, address):
    return client.post(
        reverse("accounts:sign-in"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_it_pauses_an_account_under_credential_stuffing_from_many_addresses(client, monkeypatch):
    clock = Clock(monkeypatch, _start_of_window("sam@example.gov.uk", 15 * 60))
    h.person("sam@example.gov.uk", "Sam Patel")
    for i in range(20):  # one try from each of 20 addresses: no address reaches Axes' five
        assert _sign_in(client, "sam@example.gov.uk", f"guess-{i}", f"203.0.113.{i}").status_code == 200
    paused = _sign_in(client, "sam@example.gov.uk", h.PASSWORD, "198.51.100.7")
    assert paused.status_code == 429
    assert "too many failed attempts to sign in to this account" in paused.content.decode()
    # The pause lifts by itself when its window ends: an attacker cannot lock the account for good.
    clock.advance(15 * 60)
    assert _sign_in(client, "sam@example.gov.uk", h.PASSWORD, "198.51.100.7").status_code == 302


def test_it_pauses_an_address_spraying_one_password_over_many_accounts(client, monkeypatch):
    address = "203.0.113.50"
    clock = Clock(monkeypatch, _start_of_window(address, 15 * 60))
    h.person("sam@example.gov.uk", "Sam Patel")
    answers = []
    for i in range(50):
        if i and i % 25 == 0:
            clock.advance(61)  # under the 30 sign-ins a minute an address may send
        answers.append(_sign_in(client, f"person{i}@example.gov.uk", "Summer2026!", address).status_code)
    assert answers == [200] * 50
    paused = _sign_in(client, "sam@example.gov.uk", h.PASSWORD, address)
    assert paused.status_code == 429
    # Another address is not affected, and the paused one may try again when the window ends.
    assert _sign_in(client, "sam@example.gov.uk", h.PASSWORD, "198.51.100.8").status_code == 302
    client.logout()
    clock.advance(15 * 60)
    assert _sign_in(client, "sam@example.gov.uk", h.PASSWORD, address).status_code == 302


def test_it_limits_how_fast_one_address_may_post_the_sign_in_form(client):
    answers = [_sign_in(client, f"p{i}@example.gov.uk", "x", "203.0.113.60").status_code for i in range(31)]
    assert answers[:30] == [200] * 30 and answers[30] == 429


def test_it_answers_sign_in_and_reset_alike_for_addresses_with_and_without_accounts(client):
    h.person("sam@example.gov.uk", "Sam Patel")
    known = _sign_in(client, "sam@example.gov.uk", "wrong-password", "203.0.113.70")
    unknown = _sign_in(client, "nobody@example.gov.uk", "wrong-password", "203.0.113.71")
    assert known.status_code == unknown.status_code == 200
    assert _without(known, "sam@example.gov.uk") == _without(unknown, "nobody@example.gov.uk")
    reset = [
        client.post(reverse("accounts:reset"), {"email": e})
        for e in ("sam@example.gov.uk", "nobody@example.gov.uk")
    ]
    assert [(r.status_code, r["Location"]) for r in reset] == [(302, reverse("accounts:reset-sent"))] * 2


# --- adding a person by email ---------------------------------------------------------------------------


def _without(response, email):
    import re

    body = response.content.decode().replace(email, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def _answer(response, email):
    """What the person adding sees: status, where they are sent, the body and the message, less the address."""
    newest = [str(m).replace(email, "ADDRESS") for m in response.wsgi_request._messages][-1:]
    return response.status_code, response.get("Location"), _without(response, email), newest


def test_it_adds_a_situation_member_with_the_same_answer_whether_or_not_the_address_has_an_account(client):
    cast = build_cast()
    client.force_login(cast.convener)
    url = reverse("situations:members", args=[cast.situation.pk])
    form = {"perspective": Perspective.FRONTLINE, "role": MemberRole.MEMBER}
    known = client.post(url, {"email": "outsider@example.gov.uk", **form})
    unknown = client.post(url, {"email": "nobody@example.gov.uk", **form})
    assert _answer(known, "outsider@example.gov.uk") == _answer(unknown, "nobody@example.gov.uk")
    assert known.status_code == 302
    assert cast.situation.memberships.filter(user=cast.outsider).exists()  # a real account is still added


def test_it_adds_partnership_people_and_champions_with_the_same_answer_either_way(client):
    cast = make_cast()
    partnership = make_partnership(cast)
    outsider = h.person("olu@leeds.gov.uk", "Olu Outsider")
    client.force_login(cast.central_lead)
    for name, form in [("add-participant", {"role": "member"}), ("add-champion", {"is_senior": "on"})]:
        url = reverse(f"partnerships:{name}", args=[partnership.pk])
        known = client.post(url, {"email": "olu@leeds.gov.uk", **form})
        unknown = client.post(url, {"email": f"nobody-{name}@example.gov.uk", **form})
        assert _answer(known, "olu@leeds.gov.uk") == _answer(unknown, f"nobody-{name}@example.gov.uk"), name
        assert known.status_code == 302
    assert Participant.objects.filter(partnership=partnership, user=outsider).exists()


def test_it_blocks_a_match_with_the_same_answer_either_way(client):
    me = h.person("me@example.gov.uk", "Me Myself")
    other = h.person("boss@example.gov.uk", "The Boss")
    client.force_login(me)
    url = reverse("matching:block-add")
    known = client.post(url, {"email": "boss@example.gov.uk", "reason": "manager"})
    unknown = client.post(url, {"email": "nobody@example.gov.uk", "reason": "manager"})
    assert _answer(known, "boss@example.gov.uk") == _answer(unknown, "nobody@example.gov.uk")
    assert Block.objects.filter(profile=me.profile, blocked=other.profile).exists()


def test_it_limits_how_many_people_one_person_may_try_to_add(client):
    cast = build_cast()
    client.force_login(cast.convener)
    url = reverse("situations:members", args=[cast.situation.pk])
    form = {"perspective": Perspective.FRONTLINE, "role": MemberRole.MEMBER}
    answers = [client.post(url, {"email": f"guess{i}@example.gov.uk", **form}).status_code for i in range(61)]
    assert answers[:60] == [302] * 60 and answers[60] == 429


# --- API tokens -----------------------------------------------------------------------------------------


def _api(client, token, method="get", path="/situations/", payload=None):
    headers = {"Authorization": f"Bearer {token}"}
    if method == "get":
        return client.get(f"/api/v1{path}", headers=headers)
    return client.post(f"/api/v1{path}", payload or {}, content_type="application/json", headers=headers)


SITUATION = {"title": "Hospital discharge", "framing": "Delays", "perspective": "central", "places": []}


def test_it_refuses_an_expired_token(client):
    user = h.person("sam@example.gov.uk", "Sam Patel")
    raw = api_token_create(user=user)
    assert _api(client, raw).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _api(client, raw).status_code == 401


def test_it_gives_new_tokens_the_configured_lifetime(settings):
    settings.JOINEDUP_API_TOKEN_DAYS = 7
    user = h.person("sam@example.gov.uk", "Sam Patel")
    api_token_create(user=user)
    lifetime = ApiToken.objects.get().expires_at - timezone.now()
    assert timedelta(days=6, hours=23) < lifetime <= timedelta(days=7)
    with pytest.raises(ValidationError, match="1 to 365 days"):
        api_token_create(user=user, days=400)


def test_it_refuses_a_write_with_a_read_token(client):
    user = h.person("sam@example.gov.uk", "Sam Patel")
    read, write = api_token_create(user=user), api_token_create(user=user, scope="write")
    refused = _api(client, read, "post", payload=SITUATION)
    assert refused.status_code == 403
    assert "--scope write" in refused.json()["detail"]
    assert _api(client, write, "post", payload=SITUATION).status_code == 201


def test_it_refuses_tokens_to_a_coordinator_without_a_second_factor_when_it_is_required(
    client, settings, capsys
):
    coordinator = h.person("coord@example.gov.uk", "Cory Coordinator", role=Role.COORDINATOR)
    made_before = api_token_create(user=coordinator)  # made while two-factor was not required
    settings.JOINEDUP_REQUIRE_2FA = True
    with pytest.raises(ValidationError, match="two-factor"):
        api_token_create(user=coordinator)
    with pytest.raises(CommandError, match="two-factor"):
        call_command("api-token", "coord@example.gov.uk")
    assert _api(client, made_before).status_code == 401
    # An unconfirmed device is not enough; a confirmed one is.
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=False)
    assert _api(client, made_before).status_code == 401
    device.confirmed = True
    device.save()
    assert _api(client, made_before).status_code == 200
    call_command("api-token", "coord@example.gov.uk", "--scope", "write", "--days", "30")
    assert capsys.readouterr().out.strip().startswith("ju_")
    # A participant needs no second factor.
    participant = h.person("pat@example.gov.uk", "Pat Participant")
    assert _api(client, api_token_create(user=participant)).status_code == 200


def test_it_limits_requests_per_token(client, settings):
    settings.JOINEDUP_RATE_LIMITS = {**settings.JOINEDUP_RATE_LIMITS, "api": "5/m"}  # the default is 600/m
    raw = api_token_create(user=h.person("sam@example.gov.uk", "Sam Patel"))
    answers = [_api(client, raw).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    refused = _api(client, raw)
    assert refused["Retry-After"].isdigit() and "Try again" in refused.json()["detail"]
