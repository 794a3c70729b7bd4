"""Migrations 0002-0004 carry the health checks already collected into the new storage: nothing is lost."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.crypto import salted_hmac

from joinedup.partnerships import services
from joinedup.partnerships.models import HealthCheck, Invitation, MemberInvited, Response
from tests import people_helpers as ph
from tests.partnerships.cast import ANSWERS_HIGH, ANSWERS_LOW_TRUST

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrations_restored")]
BEFORE = [("partnerships", "0001_initial")]
AFTER = [("partnerships", "0004_drop_response_day_duration_and_tokens")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_token(check_pk, user_pk):
    return salted_hmac("joinedup.partnerships.response-token", f"{check_pk}:user:{user_pk}",
                       algorithm="sha256").hexdigest()  # fmt: skip


def test_it_carries_responses_and_who_has_answered_into_the_new_storage():
    answered, waiting, left = (ph.person(f"p{i}@leeds.gov.uk", f"Person {i}", ph.council()) for i in range(3))
    old = _migrate(BEFORE)
    try:
        Partnership = old.get_model("partnerships", "Partnership")
        Participant = old.get_model("partnerships", "Participant")
        OldCheck = old.get_model("partnerships", "HealthCheck")
        OldResponse = old.get_model("partnerships", "Response")
        Token = old.get_model("partnerships", "ResponseToken")
        today = timezone.localdate()
        p = Partnership.objects.create(title="Leeds", shared_outcome="Fewer families in B&Bs")
        for user, left_on in ((answered, None), (waiting, None), (left, today)):
            Participant.objects.create(partnership=p, user_id=user.pk, side="local", left_on=left_on)
        closed = OldCheck.objects.create(partnership=p, opens_on=today - timedelta(days=60),
                                         closes_on=today - timedelta(days=40), link_token="a" * 43)  # fmt: skip
        open_ = OldCheck.objects.create(partnership=p, opens_on=today, closes_on=today + timedelta(days=7),
                                        frontline_link_enabled=True, link_token="b" * 43)  # fmt: skip
        expected = []
        for check, n in ((closed, 6), (open_, 2)):
            for i in range(n):
                side, answers = ("central", ANSWERS_HIGH) if i % 2 else ("frontline", ANSWERS_LOW_TRUST)
                OldResponse.objects.create(check_round=check, side=side, answers=answers, talk_about=f"t{i}",
                                           answered_on=today, duration_seconds=60)  # fmt: skip
                expected.append((check.pk, side, answers["trust_1"], f"t{i}"))
        Token.objects.create(check_round=open_, digest=_old_token(open_.pk, answered.pk))
    finally:
        _migrate(AFTER)

    kept = sorted(
        (r.check_round_id, r.side, r.answers["trust_1"], r.talk_about) for r in Response.objects.all()
    )
    assert kept == sorted(expected)
    check = HealthCheck.objects.get(pk=open_.pk)
    # The member who had answered cannot answer again; the one who had not has an invitation for their side.
    assert services.member_invitation_state(check=check, user=answered) == "used"
    assert services.member_invitation_state(check=check, user=waiting) == "invited"
    assert services.member_invitation_state(check=check, user=left) == "none"
    assert Invitation.objects.get().side == "local"
    # A closed round needs no invitations; the token table is gone.
    assert not MemberInvited.objects.filter(check_round_id=closed.pk).exists()
    assert "partnerships_responsetoken" not in connection.introspection.table_names()
    with pytest.raises(services.AlreadyAnswered):
        services.partnership_answer_check(check=check, invitation_digest=services.member_digest(
            check=check, user=answered), answers=ANSWERS_HIGH, talk_about="")  # fmt: skip
