"""Reads for conversations: who may see what, the next statement to vote on, and the report laid out for pages.

Conversations are as private as their situation: every read starts from the situations this user may see.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from joinedup.accounts.actors import Actor, User
from joinedup.jobs.models import Job, JobStatus
from joinedup.perspectives.models import Conversation, OpinionReport, Participant, Statement, StatementStatus
from joinedup.perspectives.services import REPORT_JOB, perspectives_of
from joinedup.situations.models import Perspective, Situation
from joinedup.situations.selectors import is_convener, membership_of, situations_visible_to

GROUP_NAMES = "ABCDEFGHIJ"


def group_name(group_id: int) -> str:
    return f"Group {GROUP_NAMES[group_id % len(GROUP_NAMES)]}"


def conversations_of_situation(situation: Situation) -> QuerySet[Conversation]:
    return situation.conversations.annotate(
        statement_count=Count(
            "statements", filter=Q(statements__status=StatementStatus.APPROVED), distinct=True
        ),
        participant_count=Count("participants", distinct=True),
    )


def conversation_get_for_user(*, user: Actor, conversation_id: int) -> Conversation:
    """The conversation if this user may see its situation; 404 otherwise, so outsiders cannot tell it exists."""
    visible = situations_visible_to(user)
    found = (
        Conversation.objects.select_related("situation")
        .filter(pk=conversation_id, situation__in=visible)
        .first()
    )
    if found is None:
        raise Http404("No such conversation")
    return found


def conversation_is_owner(*, user: Actor, conversation: Conversation) -> bool:
    """The conversation's owners: its situation's conveners (and admins), and the member who opened it.
    Only they may download the full export, with real participant numbers and exact times."""
    if is_convener(user=user, situation=conversation.situation):
        return True
    return (
        conversation.created_by_id is not None
        and conversation.created_by_id == getattr(user, "pk", None)
        and membership_of(user=user, situation=conversation.situation) is not None
    )


def conversation_get_by_token(*, token: str) -> Conversation:
    """The conversation behind an anonymous link, if that link is switched on; 404 otherwise."""
    # Same get-or-404 and membership lookup shape as situations.selectors (situation_get_for_user,
    # membership_of): different models and who may see them.
    found = Conversation.objects.filter(anonymous_token=token, anonymous_enabled=True).first()
    if found is None:
        raise Http404("No such conversation")
    return found


def participant_of_member(*, conversation: Conversation, user: Actor) -> Participant | None:
    if not isinstance(user, User):
        return None
    return Participant.objects.filter(conversation=conversation, user=user).first()


def participant_by_key(*, conversation: Conversation, key: str | None) -> Participant | None:
    if not key:
        return None
    return Participant.objects.filter(conversation=conversation, anonymous_key=key).first()


def statements_open(conversation: Conversation) -> QuerySet[Statement]:
    """The statements voters see: approved only (pending and rejected ones never reach voters)."""
    return conversation.statements.filter(status=StatementStatus.APPROVED)


def statement_next_for(*, conversation: Conversation, participant: Participant | None) -> Statement | None:
    """The next statement this participant has not voted on: seed statements first, then oldest first."""
    todo = statements_open(conversation)
    if participant is not None:
        todo = todo.exclude(votes__participant=participant)
    return todo.order_by("-is_seed", "number").first()


@dataclass(frozen=True)
class Progress:
    voted: int
    total: int


def progress_of(*, conversation: Conversation, participant: Participant | None) -> Progress:
    total = statements_open(conversation).count()
    if participant is None:
        return Progress(0, total)
    voted = participant.votes.filter(statement__status=StatementStatus.APPROVED).count()
    return Progress(voted, total)


def moderation_queue(conversation: Conversation) -> QuerySet[Statement]:
    return (
        conversation.statements.filter(status=StatementStatus.PENDING)
        .select_related("author")
        .order_by("number")
    )


def report_latest(conversation: Conversation) -> OpinionReport | None:
    return conversation.reports.first()


def report_pending(conversation: Conversation) -> Job | None:
    """The queued or running recomputation, if any (the page says a newer report is on its way)."""
    return (
        Job.objects.filter(
            kind=REPORT_JOB,
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
            params__conversation_id=conversation.pk,
        )
        .order_by("created_at")
        .first()
    )


# --- the report as pages show it ----------------------------------------------------------------------


@dataclass
class ShownStatement:
    number: int
    text: str
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        """The raw share (the statistics use smoothed ones; people read plain counts)."""
        trials = int(self.detail.get("n_trials", 0))
        return round(100 * int(self.detail.get("n_success", 0)) / trials) if trials else 0

    @property
    def central_percent(self) -> int:
        return round(100 * float(self.detail.get("central_share", 0.0)))

    @property
    def local_percent(self) -> int:
        return round(100 * float(self.detail.get("local_share", 0.0)))


@dataclass
class ShownGroup:
    id: int
    name: str
    size: int
    perspectives: list[tuple[str, int]]
    repness: list[ShownStatement]


@dataclass
class SplitRow:
    number: int
    text: str
    cells: list[tuple[str, int | None, int]]  # (perspective label, agree % or None if withheld, votes seen)


@dataclass
class ShownDivergence:
    number: int
    text: str
    central: int
    local: int
    difference: int
    direction: str


@dataclass
class ReportView:
    report: OpinionReport
    groups: list[ShownGroup]
    consensus_agree: list[ShownStatement]
    consensus_disagree: list[ShownStatement]
    divergence: list[ShownDivergence]
    common_ground: list[ShownStatement]
    split_perspectives: list[str]
    split_rows: list[SplitRow]
    min_count: int
    points: list[tuple[float, float, int | None]]  # x, y, group id: no participant numbers
    unclustered: int


def report_view(report: OpinionReport) -> ReportView:
    """Join the stored report with the statements as they are now: a statement rejected since the report was
    computed is not shown, so a rejected statement never reaches a reader."""
    data = report.data
    texts = dict(statements_open(report.conversation).values_list("number", "text"))
    perspective_of = perspectives_of(report.conversation)
    groups = [_group(g, data, texts, perspective_of) for g in data.get("groups", [])]
    split = data.get("perspectives") or {}
    split_perspectives, split_rows = _split_rows(split, texts)
    return ReportView(
        report=report,
        groups=groups,
        consensus_agree=_consensus(data, "agree", texts),
        consensus_disagree=_consensus(data, "disagree", texts),
        divergence=_divergence(split, texts),
        common_ground=_common_ground(split, texts),
        split_perspectives=split_perspectives,
        split_rows=split_rows,
        min_count=int(split.get("min_count", 5)),
        points=_points(data),
        unclustered=sum(1 for g in data.get("participants", {}).values() if g is None),
    )


def _label(perspective: str) -> str:
    return str(dict(Perspective.choices).get(perspective, perspective.replace("_", " ").capitalize()))


def _group(g: dict[str, Any], data: dict[str, Any], texts: dict[int, str], of: dict[int, str]) -> ShownGroup:
    members = [int(p) for p, gid in data.get("participants", {}).items() if gid == g["id"]]
    counts: dict[str, int] = {}
    for p in members:
        key = _label(of.get(p, "")) if of.get(p) else "Not known"
        counts[key] = counts.get(key, 0) + 1
    rep = [
        ShownStatement(int(d["comment_id"]), texts[int(d["comment_id"])], d)
        for d in g.get("repness_detail", [])
        if int(d["comment_id"]) in texts
    ]
    return ShownGroup(int(g["id"]), group_name(int(g["id"])), int(g["size"]), sorted(counts.items()), rep)


def _consensus(data: dict[str, Any], direction: str, texts: dict[int, str]) -> list[ShownStatement]:
    detail = data.get("consensus_detail", {}).get(direction, [])
    return [
        ShownStatement(int(d["comment_id"]), texts[int(d["comment_id"])], d)
        for d in detail
        if int(d["comment_id"]) in texts
    ]


def _divergence(split: dict[str, Any], texts: dict[int, str]) -> list[ShownDivergence]:
    # Imported here: the opinion engine package brings in scipy (~1 s), which start-up would otherwise pay for.
    from joinedup.perspectives.compute import Z_90

    rows = []
    for d in split.get("central_local_divergence", []):
        number = int(d["comment_id"])
        # The engine ranks every statement with enough votes; a difference is shown only where it is
        # significant at 90 % (Pol.is's threshold), so "level" statements are not listed as divergent.
        if number not in texts or abs(float(d.get("z", 0.0))) < Z_90:
            continue
        central, local = round(100 * d["central_agree"]), round(100 * d["local_agree"])
        direction = (
            "Central agrees more" if central > local else "Local agrees more" if local > central else "Level"
        )
        rows.append(ShownDivergence(number, texts[number], central, local, abs(central - local), direction))
    return rows


def _common_ground(split: dict[str, Any], texts: dict[int, str]) -> list[ShownStatement]:
    return [
        ShownStatement(int(g["comment_id"]), texts[int(g["comment_id"])], g)
        for g in split.get("central_local_common_ground", [])
        if int(g["comment_id"]) in texts
    ]


def _split_rows(split: dict[str, Any], texts: dict[int, str]) -> tuple[list[str], list[SplitRow]]:
    by_statement = split.get("by_statement", {})
    perspectives: list[str] = []
    for cells in by_statement.values():
        perspectives = [c["perspective"] for c in cells]
        break
    rows = []
    for number_text, cells in sorted(by_statement.items(), key=lambda kv: int(kv[0])):
        number = int(number_text)
        if number not in texts:
            continue
        shown = [
            (
                _label(c["perspective"]),
                None if c["agree_share"] is None else round(100 * c["agree_share"]),
                c["seen"],
            )
            for c in cells
        ]
        rows.append(SplitRow(number, texts[number], shown))
    return [_label(p) for p in perspectives], rows


def _points(data: dict[str, Any]) -> list[tuple[float, float, int | None]]:
    """Each participant's place on the map, without their number, ordered by group and place rather than by
    number: a participant's number is the order they joined in, which someone in the room may have seen."""
    groups = data.get("participants", {})
    points = [(float(xy[0]), float(xy[1]), groups.get(p)) for p, xy in data.get("projections", {}).items()]
    return sorted(points, key=lambda p: (p[2] is None, p[2] or 0, p[0], p[1]))
