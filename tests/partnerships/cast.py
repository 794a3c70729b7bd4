"""A cast for partnership tests: leads on each side, members, an outsider, a coordinator, and helpers."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from joinedup.accounts.models import Role
from joinedup.partnerships import services
from joinedup.partnerships.models import CostBearer, HealthCheck, Partnership, Programme
from joinedup.people.models import Level
from tests import people_helpers as ph

ANSWERS_HIGH = {
    "trust_1": 5, "trust_2": 4, "flexibility_1": 4, "flexibility_2": 4, "honesty_1": 4, "honesty_2": 4,
    "clarity_1": 4, "clarity_2": 4, "sustainability_1": 4, "sustainability_2": 4,
    "shrug_last": 4, "shrug_priorities": 4, "shrug_obstacles": 4,
}  # fmt: skip
ANSWERS_LOW_TRUST = {**ANSWERS_HIGH, "trust_1": 2, "trust_2": 2}


@dataclass
class Cast:
    central_lead: Any
    local_lead: Any
    central_member: Any
    local_member: Any
    central_champion: Any
    local_champion: Any
    outsider: Any
    coordinator: Any
    programme: Programme


def make_cast() -> Cast:
    dept, council = ph.department(), ph.council()
    return Cast(
        central_lead=ph.person("cleo@dept.gov.uk", "Cleo Central", dept),
        local_lead=ph.person("lou@leeds.gov.uk", "Lou Local", council),
        central_member=ph.person("cam@dept.gov.uk", "Cam Member", dept),
        local_member=ph.person("lee@leeds.gov.uk", "Lee Member", council),
        central_champion=ph.person("perm-sec@dept.gov.uk", "Pat Permanent", dept, level=Level.SENIOR),
        local_champion=ph.person("ceo@leeds.gov.uk", "Chris Chief", council, level=Level.SENIOR),
        outsider=ph.person("olly@elsewhere.gov.uk", "Olly Outsider", dept),
        coordinator=ph.person("coord@network.org", "Coco Coordinator", dept, role=Role.COORDINATOR),
        programme=Programme.objects.create(name="Housing devolution pilots"),
    )


def make_partnership(cast: Cast, *, complete: bool = False) -> Partnership:
    """A partnership led by both leads with a member each; `complete` fills exit, costs and champions."""
    p = services.partnership_create(
        title="Leeds homelessness prevention",
        shared_outcome="Fewer families in temporary accommodation in Leeds",
        kind="joint_working",
        by=cast.central_lead,
        programme=cast.programme,
    )
    by = cast.central_lead
    services.partnership_add_participant(partnership=p, user=cast.local_lead, role="lead", by=by)
    services.partnership_add_participant(partnership=p, user=cast.central_member, role="member", by=by)
    services.partnership_add_participant(partnership=p, user=cast.local_member, role="member", by=by)
    if complete:
        complete_charter(cast, p)
    p.refresh_from_db()
    return p


def complete_charter(cast: Cast, p: Partnership) -> None:
    by = cast.central_lead
    services.partnership_update_charter(
        partnership=p,
        by=by,
        data={"exit_criteria": "Council runs the service alone", "planned_exit_date": date(2027, 9, 30)},
    )
    services.partnership_add_cost(partnership=p, by=by, item="Secondee salary", bearer=CostBearer.CENTRAL,
                                  amount=60000)  # fmt: skip
    services.partnership_add_champion(partnership=p, user=cast.central_champion, is_senior=True, by=by)
    services.partnership_add_champion(partnership=p, user=cast.local_champion, is_senior=True, by=by)


def agree(cast: Cast, p: Partnership) -> None:
    services.partnership_confirm(partnership=p, by=cast.central_lead)
    services.partnership_confirm(partnership=p, by=cast.local_lead)
    p.refresh_from_db()


def open_check(p: Partnership, by: Any, **extra: Any) -> HealthCheck:
    today = timezone.localdate()
    return services.partnership_schedule_check(
        partnership=p, opens_on=today, closes_on=today + timedelta(days=7), by=by, **extra
    )  # fmt: skip


def answer_many(
    check: HealthCheck, side: str, answers: dict[str, int], count: int, prefix: str, talk_about: str = ""
) -> None:
    """`count` people of `side` answer, each with a single-use code issued for that side."""
    codes = services.partnership_issue_codes(check=check, side=side, count=count, by=None)
    for i, code in enumerate(codes):
        services.partnership_answer_check(
            check=check, invitation_digest=services.code_digest(code), answers=answers,
            talk_about=talk_about and f"{talk_about} {prefix}{i}",
        )  # fmt: skip


def answer_as_member(check: HealthCheck, user: Any, answers: dict[str, int], talk_about: str = "") -> None:
    services.partnership_answer_check(
        check=check, invitation_digest=services.member_digest(check=check, user=user), answers=answers,
        talk_about=talk_about,
    )  # fmt: skip
