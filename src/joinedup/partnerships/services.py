"""Writes to partnerships: keyword-only, validated, one transaction each. Named partnership_<action>."""

import hashlib
import logging
import random
import secrets
import uuid
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from joinedup.partnerships.items import ITEM_CODES
from joinedup.partnerships.models import (
    MAX_CODES_PER_BATCH,
    Champion,
    Confirmation,
    CostLine,
    Deliverable,
    ExitReview,
    HealthCheck,
    Invitation,
    InvitationKind,
    MemberInvited,
    Milestone,
    Participant,
    ParticipantRole,
    Partnership,
    RespondentSide,
    Side,
    State,
    side_of_organisation,
)
from joinedup.partnerships.models import Response as HealthResponse
from joinedup.partnerships.signals import exit_review_submitted

logger = logging.getLogger(__name__)
_random = random.SystemRandom()
M = TypeVar("M", bound=models.Model)

CHARTER_FIELDS = [
    "title",
    "kind",
    "programme",
    "shared_outcome",
    "central_brings",
    "local_brings",
    "timescale",
    "start_date",
    "exit_criteria",
    "planned_exit_date",
]
TOKEN_SALT = "joinedup.partnerships.response-token"
# The next state each transition leads to, and the state it starts from.
TRANSITIONS: dict[str, tuple[str, str]] = {
    "activate": (State.AGREED, State.ACTIVE),
    "start-exit": (State.ACTIVE, State.EXITING),
}


class AlreadyAnswered(Exception):
    pass


def _tracked(obj: M, user: Any) -> M:
    # Tell django-simple-history who made this change, also outside a request (commands, tests).
    obj._history_user = user  # type: ignore[attr-defined]
    return obj


def _profile_org(user: Any) -> Any:
    profile = getattr(user, "profile", None)
    return profile.organisation if profile else None


@transaction.atomic
def partnership_create(*, title: str, shared_outcome: str, kind: str, by: Any, **fields: Any) -> Partnership:
    places = fields.pop("places", [])
    partnership = _tracked(
        Partnership(title=title, shared_outcome=shared_outcome, kind=kind, created_by=by, **fields), by
    )
    partnership.full_clean()
    partnership.save()
    partnership.places.set(places)
    org = _profile_org(by)
    participant = _tracked(
        Participant(
            partnership=partnership,
            user=by,
            organisation=org,
            side=side_of_organisation(org),
            role=ParticipantRole.LEAD,
        ),
        by,
    )
    participant.save()
    return partnership


def _withdraw_confirmations(*, partnership: Partnership, by: Any) -> bool:
    """A changed charter is not the charter that was agreed: the confirmations go and an agreed partnership
    goes back to exploring. Changes the partnership in memory; returns whether it needs saving."""
    deleted, _ = Confirmation.objects.filter(partnership=partnership).delete()
    if not deleted and partnership.state == State.EXPLORING:
        return False
    partnership.confirmations_withdrawn_at = timezone.now()
    partnership.confirmations_withdrawn_by = by
    if partnership.state == State.AGREED:
        partnership.state = State.EXPLORING
    return True


def _charter_changed(*, partnership: Partnership, by: Any) -> None:
    if _withdraw_confirmations(partnership=partnership, by=by):
        _tracked(partnership, by).save()


@transaction.atomic
def partnership_update_charter(*, partnership: Partnership, by: Any, data: dict[str, Any]) -> list[str]:
    """Apply charter changes; returns the names of the fields that changed."""
    places = data.pop("places", None)
    changed = [name for name in CHARTER_FIELDS if name in data and getattr(partnership, name) != data[name]]
    for name in changed:
        setattr(partnership, name, data[name])
    if places is not None and set(partnership.places.all()) != set(places):
        partnership.places.set(places)
        changed.append("places")
    if not changed:
        return []
    partnership.full_clean()
    _withdraw_confirmations(partnership=partnership, by=by)
    _tracked(partnership, by).save()
    return changed


@transaction.atomic
def partnership_add_participant(
    *, partnership: Partnership, user: Any, role: str, by: Any, organisation: Any = None
) -> Participant:
    organisation = organisation or _profile_org(user)
    existing = Participant.objects.filter(partnership=partnership, user=user).first()
    if existing and existing.left_on is None:
        raise ValidationError(f"{user} is already in this partnership")
    participant = existing or Participant(partnership=partnership, user=user)
    participant.organisation = organisation
    participant.side = side_of_organisation(organisation)
    participant.role = role
    participant.left_on = None
    participant.full_clean()
    _tracked(participant, by).save()
    _invite_to_open_rounds(participant)
    return participant


@transaction.atomic
def partnership_remove_participant(*, participant: Participant, by: Any) -> None:
    participant.left_on = timezone.localdate()
    _tracked(participant, by).save()


@transaction.atomic
def partnership_declare(*, participant: Participant, represents: str, conflicts: str, by: Any) -> Participant:
    participant.represents = represents
    participant.conflicts = conflicts
    participant.declared_on = timezone.localdate()
    participant.full_clean()
    _tracked(participant, by).save()
    return participant


@transaction.atomic
def partnership_add_champion(*, partnership: Partnership, user: Any, is_senior: bool, by: Any) -> Champion:
    organisation = _profile_org(user)
    champion = Champion(
        partnership=partnership,
        user=user,
        organisation=organisation,
        side=side_of_organisation(organisation),
        is_senior=is_senior,
    )
    champion.full_clean()
    _tracked(champion, by).save()
    _charter_changed(partnership=partnership, by=by)
    return champion


@transaction.atomic
def partnership_champion_left(*, champion: Champion, by: Any, left_on: date | None = None) -> Champion:
    champion.left_on = left_on or timezone.localdate()
    _tracked(champion, by).save()
    return champion


@transaction.atomic
def partnership_add_cost(*, partnership: Partnership, by: Any, **fields: Any) -> CostLine:
    cost = CostLine(partnership=partnership, **fields)
    cost.full_clean()
    _tracked(cost, by).save()
    _charter_changed(partnership=partnership, by=by)
    return cost


@transaction.atomic
def partnership_remove_cost(*, cost: CostLine, by: Any) -> None:
    partnership = cost.partnership
    _tracked(cost, by).delete()
    _charter_changed(partnership=partnership, by=by)


@transaction.atomic
def partnership_add_deliverable(*, partnership: Partnership, by: Any, **fields: Any) -> Deliverable:
    deliverable = Deliverable(partnership=partnership, **fields)
    deliverable.full_clean()
    _tracked(deliverable, by).save()
    _charter_changed(partnership=partnership, by=by)
    return deliverable


@transaction.atomic
def partnership_update_deliverable(*, deliverable: Deliverable, by: Any, data: dict[str, Any]) -> Deliverable:
    """Progress (status, per cent) is tracking; a new title, owner or due date is a change to the charter."""
    charter_change = any(
        name in data and getattr(deliverable, name) != data[name]
        for name in ("title", "description", "owner", "due_date")
    )
    for name, value in data.items():
        setattr(deliverable, name, value)
    deliverable.full_clean()
    _tracked(deliverable, by).save()
    if charter_change:
        _charter_changed(partnership=deliverable.partnership, by=by)
    return deliverable


@transaction.atomic
def partnership_add_milestone(*, deliverable: Deliverable, by: Any, **fields: Any) -> Milestone:
    milestone = Milestone(deliverable=deliverable, **fields)
    milestone.full_clean()
    _tracked(milestone, by).save()
    return milestone


def agreement_problems(partnership: Partnership) -> list[str]:
    """Everything that stops the charter being agreed, each said plainly."""
    problems = []
    if not partnership.shared_outcome.strip():
        problems.append("Write the shared outcome.")
    if not partnership.exit_criteria.strip():
        problems.append("Add the exit criteria: how you will know it is time to end or hand over.")
    if partnership.planned_exit_date is None:
        problems.append("Add a planned exit date.")
    if not partnership.costs.exists():
        problems.append("Say who bears which costs (central, local or shared), with amounts or a note.")
    problems.extend(champion_problems(partnership))
    return problems


def champion_problems(partnership: Partnership) -> list[str]:
    current = partnership.champions.filter(left_on=None, is_senior=True)
    problems = []
    for side, name in ((Side.CENTRAL, "central"), (Side.LOCAL, "local")):
        if not current.filter(side=side).exists():
            problems.append(f"Add a senior champion on the {name} side.")
    return problems


def _lead_side(*, partnership: Partnership, user: Any) -> str:
    lead = Participant.objects.filter(
        partnership=partnership, user=user, role=ParticipantRole.LEAD, left_on=None
    ).first()
    if lead is None or lead.side not in {Side.CENTRAL, Side.LOCAL}:
        raise ValidationError("Only the central or local lead can confirm the charter for their side.")
    return lead.side


@transaction.atomic
def partnership_confirm(*, partnership: Partnership, by: Any) -> Partnership:
    """A lead confirms the charter for their side; with both sides confirmed it is agreed."""
    _lock(partnership)
    if partnership.state not in {State.EXPLORING, State.AGREED, State.ACTIVE, State.EXITING}:
        raise ValidationError("A closed partnership's charter can no longer be confirmed.")
    side = _lead_side(partnership=partnership, user=by)
    problems = agreement_problems(partnership)
    if problems:
        raise ValidationError(problems)
    Confirmation.objects.update_or_create(
        partnership=partnership, side=side, defaults={"user": by, "confirmed_at": timezone.now()}
    )
    sides = set(partnership.confirmations.values_list("side", flat=True))
    if {Side.CENTRAL, Side.LOCAL} <= sides:
        if partnership.state == State.EXPLORING:
            partnership.state = State.AGREED
        partnership.confirmations_withdrawn_at = None
        partnership.confirmations_withdrawn_by = None
        _tracked(partnership, by).save()
    return partnership


def _lock(partnership: Partnership) -> None:
    """Serialise writes that read-then-decide on one partnership (two leads confirming at the same moment)."""
    fresh = Partnership.objects.select_for_update().get(pk=partnership.pk)
    partnership.state = fresh.state
    partnership.confirmations_withdrawn_at = fresh.confirmations_withdrawn_at


@transaction.atomic
def partnership_transition(*, partnership: Partnership, action: str, by: Any) -> Partnership:
    if action not in TRANSITIONS:
        raise ValidationError(f"Unknown action {action!r}.")
    _lock(partnership)
    start, end = TRANSITIONS[action]
    if partnership.state != start:
        raise ValidationError(
            f"This can only be done when the partnership is {State(start).label.lower()}; "
            f"it is {partnership.get_state_display().lower()}."
        )
    if end == State.ACTIVE:
        problems = champion_problems(partnership)
        if problems:
            raise ValidationError(problems)
    partnership.state = end
    _tracked(partnership, by).save()
    return partnership


@transaction.atomic
def partnership_close(*, partnership: Partnership, by: Any, review: dict[str, str]) -> ExitReview:
    """Close with an exit review; the review becomes a draft lesson when the learning library is installed
    (it receives signals.exit_review_submitted)."""
    _lock(partnership)
    if partnership.state != State.EXITING:
        raise ValidationError("Start the exit before closing: the partnership must be exiting.")
    exit_review = ExitReview(partnership=partnership, submitted_by=by, **review)
    exit_review.full_clean()
    exit_review.save()
    partnership.state = State.CLOSED
    _tracked(partnership, by).save()
    _lesson_from_exit_review(exit_review)
    return exit_review


def _lesson_from_exit_review(exit_review: ExitReview) -> None:
    # The learning library, when installed, connects to this signal (partnerships never imports it).
    if not exit_review_submitted.send(sender=ExitReview, exit_review=exit_review):
        logger.info("No app takes exit reviews; exit review %s kept without a lesson", exit_review.pk)


# Health checks -------------------------------------------------------------------------------------------
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
    *, partnership: Partnership, opens_on: date, closes_on: date, by: Any
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


def _invite_to_open_rounds(participant: Participant) -> None:
    today = timezone.localdate()
    for check in participant.partnership.health_checks.all():
        if not check.is_closed(today):
            _invite_member(check=check, participant=participant)


@transaction.atomic
def partnership_close_check(*, check: HealthCheck, by: Any) -> HealthCheck:
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


def member_digest(*, check: HealthCheck, user: Any) -> str:
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
def partnership_issue_codes(*, check: HealthCheck, side: str, count: int, by: Any) -> list[str]:
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


def member_invitation_state(*, check: HealthCheck, user: Any) -> str:
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
