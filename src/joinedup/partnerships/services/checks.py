"""Writes to health checks: schedule a round, invite its members, issue codes, take anonymous answers, close it."""

import hashlib
import logging
import random
import secrets
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from joinedup.accounts.models import User
from joinedup.partnerships.items import ITEM_CODES
from joinedup.partnerships.models import (
    MAX_CODES_PER_BATCH,
    CodeBatch,
    HealthCheck,
    Invitation,
    InvitationKind,
    MemberInvited,
    Participant,
    Partnership,
    RespondentSide,
    Side,
    State,
)
from joinedup.partnerships.models import Response as HealthResponse

logger = logging.getLogger(__name__)
_random = random.SystemRandom()

TOKEN_SALT = "joinedup.partnerships.response-token"


class AlreadyAnswered(Exception):
    pass


#
# Anonymity holds against someone with a copy of the database (see docs/security.md, "Anonymity"):
# - each respondent answers with a single-use Invitation bound to a side by the server; it is deleted in the
#   transaction that stores the answer, so no row says who answered when (SQLite runs with secure_delete, so
#   the deleted bytes are overwritten);
# - each answer rewrites the round's responses in a new random order with new random keys, so rowid, ctid,
#   xmin and ids carry no answer order;
# - results are read only for a closed round, and a closed round takes no more answers.

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are typed from paper
CODE_LENGTH = 16  # 80 bits


@transaction.atomic
def partnership_schedule_check(
    *, partnership: Partnership, opens_on: date, closes_on: date, by: User
) -> HealthCheck:
    """Schedule a round and issue every current member their single-use invitation for it."""
    if partnership.state == State.CLOSED:
        raise ValidationError("A closed partnership cannot run a health check.")
    check = HealthCheck(partnership=partnership, opens_on=opens_on, closes_on=closes_on, created_by=by)
    check.full_clean()
    check.save()
    members = list(Participant.objects.filter(partnership=partnership, left_on=None).select_related("user"))
    _random.shuffle(members)
    for participant in members:
        _invite_member(check=check, participant=participant)
    return check


def respondent_side(participant: Participant) -> str:
    if participant.side == Side.CENTRAL:
        return RespondentSide.CENTRAL
    if participant.side == Side.LOCAL:
        return RespondentSide.LOCAL
    return RespondentSide.OTHER


def _invite_member(*, check: HealthCheck, participant: Participant) -> None:
    digest = member_digest(check=check, user=participant.user)
    if MemberInvited.objects.filter(check_round=check, digest=digest).exists():
        return  # issued before (perhaps used): a member who left and rejoined gets no second one
    MemberInvited.objects.create(check_round=check, digest=digest)
    Invitation.objects.create(
        check_round=check, kind=InvitationKind.MEMBER, side=respondent_side(participant), digest=digest
    )


def invite_to_open_rounds(participant: Participant) -> None:
    today = timezone.localdate()
    for check in participant.partnership.health_checks.all():
        if not check.is_closed(today):
            _invite_member(check=check, participant=participant)


@transaction.atomic
def partnership_close_check(*, check: HealthCheck, by: User) -> HealthCheck:
    """Close a round for good. Its unused invitations and the record of who was invited go with it, so once
    closed not even the set of people who answered is kept."""
    locked = HealthCheck.objects.select_for_update().get(pk=check.pk)
    if locked.closed_early_on is None and not locked.is_closed(timezone.localdate()):
        locked.closed_early_on = timezone.localdate()
        locked.save(update_fields=["closed_early_on"])
    check.closed_early_on = locked.closed_early_on
    Invitation.objects.filter(check_round=check).delete()
    MemberInvited.objects.filter(check_round=check).delete()
    return check


def respondent_digest(*, check: HealthCheck, key: str) -> str:
    """One-way: only someone holding the server secret and the key can recompute it."""
    return salted_hmac(TOKEN_SALT, f"{check.pk}:{key}", algorithm="sha256").hexdigest()


def member_digest(*, check: HealthCheck, user: User) -> str:
    # The same key the old ResponseToken used, so the migration carries "already answered" across.
    return respondent_digest(check=check, key=f"user:{user.pk}")


def normalise_code(code: str) -> str:
    """Codes are typed from paper: ignore case, spaces and hyphens."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return hashlib.sha256(f"joinedup-health-check-code:{normalise_code(code)}".encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@transaction.atomic
def partnership_issue_codes(*, check: HealthCheck, side: str, count: int, by: User) -> list[str]:
    """Issue `count` single-use codes bound to `side`. The codes are returned once and only their digests are
    stored: print them now, they cannot be shown again."""
    if check.is_closed(timezone.localdate()):
        raise ValidationError("This health check has closed: it takes no more answers.")
    if side not in RespondentSide.values:
        raise ValidationError(f"Unknown side {side!r}.")
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise ValidationError(f"Issue from 1 to {MAX_CODES_PER_BATCH} codes at a time.")
    codes = [_new_code() for _ in range(count)]
    Invitation.objects.bulk_create(
        Invitation(check_round=check, kind=InvitationKind.CODE, side=side, digest=code_digest(code))
        for code in codes
    )
    CodeBatch.objects.create(check_round=check, side=side, count=count, issued_by=by)
    return codes


def _validate_answers(answers: dict[str, int]) -> dict[str, int]:
    missing = [code for code in ITEM_CODES if code not in answers]
    if missing:
        raise ValidationError(f"Answer every question ({len(missing)} missing).")
    bad = [code for code in ITEM_CODES if answers[code] not in {1, 2, 3, 4, 5}]
    if bad:
        raise ValidationError("Each answer must be from 1 to 5.")
    return {code: int(answers[code]) for code in ITEM_CODES}


@transaction.atomic
def partnership_answer_check(
    *, check: HealthCheck, invitation_digest: str, answers: dict[str, int], talk_about: str
) -> None:
    """Use one invitation to store one anonymous answer, on the invitation's side. Returns nothing that could
    identify the response."""
    # The lock orders answers and the close of this round: no answer lands in a round once it has closed.
    locked = HealthCheck.objects.select_for_update().get(pk=check.pk)
    if not locked.is_open(timezone.localdate()):
        raise ValidationError("This health check is not open.")
    clean = _validate_answers(answers)
    invitation = (
        Invitation.objects.select_for_update().filter(check_round=locked, digest=invitation_digest).first()
    )
    if invitation is None:
        raise AlreadyAnswered("This invitation has already been used, or is not for this health check.")
    response = HealthResponse(
        check_round=locked, side=invitation.side, answers=clean, talk_about=talk_about.strip()
    )
    response.full_clean()
    invitation.delete()
    _rewrite_round(locked, response)
    if connection.vendor == "sqlite":
        transaction.on_commit(_checkpoint_sqlite)


def _rewrite_round(check: HealthCheck, new: HealthResponse) -> None:
    """Write the round's responses again, the new one among them, in a new random order with new random keys."""
    rows = [
        HealthResponse(check_round=check, side=r.side, answers=r.answers, talk_about=r.talk_about)
        for r in HealthResponse.objects.filter(check_round=check)
    ]
    rows.append(new)
    _random.shuffle(rows)
    for row in rows:
        row.id = uuid.uuid4()
    HealthResponse.objects.filter(check_round=check).delete()
    HealthResponse.objects.bulk_create(rows)


def _checkpoint_sqlite() -> None:
    # In WAL mode the page images written before a delete stay in the -wal file until a checkpoint; truncating
    # it leaves the deleted invitation only as overwritten bytes (secure_delete). Best effort and without
    # waiting: while a reader holds an old snapshot SQLite answers "busy" at once, and the next answer tries again.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (timeout,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout=0")
        try:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except OperationalError:
            logger.info("WAL checkpoint after a health-check answer skipped: the database is busy")
        finally:
            cursor.execute(f"PRAGMA busy_timeout={int(timeout)}")


def member_invitation_state(*, check: HealthCheck, user: User) -> str:
    """For the member's own page only: "invited" (may answer), "used" or "none"."""
    digest = member_digest(check=check, user=user)
    if Invitation.objects.filter(check_round=check, digest=digest).exists():
        return "invited"
    if MemberInvited.objects.filter(check_round=check, digest=digest).exists():
        return "used"
    return "none"


def code_invitation(code: str) -> Invitation | None:
    """The unused invitation behind a code, if any."""
    if not normalise_code(code):
        return None
    return (
        Invitation.objects.filter(kind=InvitationKind.CODE, digest=code_digest(code))
        .select_related("check_round__partnership")
        .first()
    )
