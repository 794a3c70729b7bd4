"""Health checks move to single-use invitations; existing answers are carried across, re-joinable data is not.

- Every response is kept (side, answers, free text), rewritten per round in a random order with new random keys,
  so its row order no longer pairs with the old token table. Its day and its browser-measured duration go: they
  could point at a person and the new design keeps no time finer than the round.
- For each round still open, the old tokens (HMACs of members' accounts) become "already invited" records, and
  every current member who has not answered gets an invitation. The tokens themselves are dropped.
- The open frontline link stops taking answers (the field that enabled it goes; the token stays so old links can
  say they are retired).
"""

import random
import uuid
from typing import Any

from django.db import migrations
from django.utils import timezone
from django.utils.crypto import salted_hmac

TOKEN_SALT = "joinedup.partnerships.response-token"


def _digest(check_pk: int, user_pk: int) -> str:
    return salted_hmac(TOKEN_SALT, f"{check_pk}:user:{user_pk}", algorithm="sha256").hexdigest()


def _side(participant_side: str) -> str:
    return participant_side if participant_side in {"central", "local"} else "other"


def carry_over(apps: Any, schema_editor: Any) -> None:
    HealthCheck = apps.get_model("partnerships", "HealthCheck")
    Response = apps.get_model("partnerships", "Response")
    ResponseToken = apps.get_model("partnerships", "ResponseToken")
    Invitation = apps.get_model("partnerships", "Invitation")
    MemberInvited = apps.get_model("partnerships", "MemberInvited")
    Participant = apps.get_model("partnerships", "Participant")
    shuffle = random.SystemRandom().shuffle
    today = timezone.localdate()
    for check in HealthCheck.objects.order_by("pk"):
        rows = [
            Response(id=uuid.uuid4(), check_round_id=check.pk, side=r.side, answers=r.answers,
                     talk_about=r.talk_about, answered_on=r.answered_on)
            for r in Response.objects.filter(check_round_id=check.pk)
        ]
        shuffle(rows)
        Response.objects.filter(check_round_id=check.pk).delete()
        Response.objects.bulk_create(rows)
        if check.closed_early_on is not None or today > check.closes_on:
            continue
        answered = set(ResponseToken.objects.filter(check_round_id=check.pk).values_list("digest", flat=True))
        members = list(Participant.objects.filter(partnership_id=check.partnership_id, left_on=None))
        shuffle(members)
        for participant in members:
            digest = _digest(check.pk, participant.user_id)
            MemberInvited.objects.create(check_round_id=check.pk, digest=digest)
            if digest not in answered:
                Invitation.objects.create(
                    check_round_id=check.pk, kind="member", side=_side(participant.side), digest=digest
                )
    ResponseToken.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0002_health_check_invitations'),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
