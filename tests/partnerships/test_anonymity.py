"""Nothing joins a health-check response to a person: not the model, the admin, the exports or the pages."""

import pytest
from django.db import models
from django.urls import NoReverseMatch, reverse

from joinedup.partnerships import services
from joinedup.partnerships.models import Invitation, MemberInvited, Response
from joinedup.partnerships.selectors import check_results
from tests import people_helpers as ph
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


def test_it_gives_the_response_model_no_link_to_a_person_and_no_time_finer_than_a_day():
    for field in Response._meta.get_fields():
        if field.is_relation:
            assert field.related_model.__name__ == "HealthCheck", field.name
        assert not isinstance(field, models.DateTimeField | models.TimeField), field.name
    names = {f.name for f in Response._meta.get_fields()}
    assert not names & {
        "user",
        "person",
        "profile",
        "respondent",
        "token",
        "digest",
        "created_at",
        "answered_on",
    }
    assert Response._meta.get_field("id").get_internal_type() == "UUIDField"


def test_it_keeps_invitations_apart_from_responses_and_without_time():
    for model in (Invitation, MemberInvited):
        for field in model._meta.get_fields():
            assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField), field
            if field.is_relation:
                assert field.related_model.__name__ == "HealthCheck", field.name
        assert model._meta.get_field("id").get_internal_type() == "UUIDField"


def test_it_makes_tokens_one_way_and_keyed_by_the_server_secret(settings):
    cast = make_cast()
    p = make_partnership(cast, complete=True)
    check = open_check(p, cast.central_lead)
    client_key = f"user:{cast.central_member.pk}"
    digest = services.respondent_digest(check=check, key=client_key)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert digest != services.respondent_digest(check=check, key=f"user:{cast.local_member.pk}")
    settings.SECRET_KEY = "another-secret-entirely-0123456789-abcdefghijklmnop"
    assert digest != services.respondent_digest(check=check, key=client_key)


def _answered_round():
    cast = make_cast()
    p = make_partnership(cast, complete=True)
    check = open_check(p, cast.central_lead)
    people = []
    for i in range(5):
        for side, answers, org in (
            ("central", ANSWERS_HIGH, ph.department()),
            ("local", ANSWERS_LOW_TRUST, ph.council()),
        ):
            user = ph.person(f"{side}{i}@example.gov.uk", f"Respondent {side.title()} {i}", org)
            services.partnership_add_participant(
                partnership=p, user=user, role="member", by=cast.central_lead
            )
            answer_as_member(check, user, answers, talk_about=f"topic {side} {i}")
            people.append(user)
    services.partnership_close_check(check=check, by=cast.central_lead)
    return cast, p, check, people


def _assert_no_person(text, people):
    for user in people:
        assert user.name not in text and user.email not in text, user.email


def test_it_gives_responses_and_invitations_no_admin_page():
    for name in ("response", "invitation", "memberinvited", "responsetoken"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:partnerships_{name}_changelist")


def test_it_shows_results_and_exports_without_any_person(client):
    cast, p, check, people = _answered_round()
    client.force_login(cast.central_lead)
    results_page = client.get(check.get_absolute_url())
    assert "results-table" in results_page.content.decode()
    # The members' names appear nowhere in the results (they appear on the charter page, as they should).
    _assert_no_person(results_page.content.decode(), people)
    context = results_page.context
    for key in context.keys():  # noqa: SIM118 — a ContextList iterates contexts, not keys
        value = context[key]
        assert not isinstance(value, Invitation | MemberInvited | Response), key
        if key == "results":
            assert {f for f in vars(value)} == {
                "check",
                "n",
                "withheld",
                "overall",
                "by_side",
                "warnings",
                "talk_about",
            }
    client.force_login(cast.coordinator)
    export = client.get(reverse("partnerships:programme-csv", args=[cast.programme.pk])).content.decode()
    _assert_no_person(export, people)
    assert "topic" not in export


def test_it_lists_free_text_without_sides_in_random_storage_order():
    cast, p, check, people = _answered_round()
    talk = check_results(check).talk_about
    assert len(talk) == 10 and all(t.startswith("topic ") for t in talk)
    assert [
        r.talk_about for r in check.responses.order_by("id")
    ] == talk  # random storage order, not answer order


def test_it_keeps_back_a_small_sides_free_text():
    cast = make_cast()
    p = make_partnership(cast, complete=True)
    check = open_check(p, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 6, "c", talk_about="central says")
    answer_many(check, "frontline", ANSWERS_LOW_TRUST, 1, "f", talk_about="the lone frontline voice")
    services.partnership_close_check(check=check, by=cast.central_lead)
    results = check_results(check)
    assert results.n == 7 and not results.withheld
    assert sorted(results.talk_about) == sorted(f"central says c{i}" for i in range(6))
