"""One object of every kind, and the five people the permission matrix signs in as.

Roles: anonymous (no one signed in), outsider (a participant with no part in anything), member (an ordinary
member of the situation, partnership, conversation, match ...), lead (the situation's convener, the
partnership's lead, the opportunity's host) and admin (role admin). `World.kwargs` fills a URL's parameters
by name; a parameter this module does not know makes the matrix fail, naming it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from joinedup.accounts.models import Role
from joinedup.accounts.services import api_token_create
from joinedup.invitations.models import Invitation
from joinedup.jobs.models import Job
from joinedup.learning.models import Comment, Initiative, Lesson, LessonState
from joinedup.matching.models import Block, Event, Match, MatchRound, Opportunity, SecondmentScheme
from joinedup.notifications.models import Notification
from joinedup.partnerships import services as partnership_services
from joinedup.partnerships.models import Programme
from joinedup.perspectives.models import Conversation, Statement
from joinedup.situations.models import MemberRole, Membership, Perspective, Situation
from joinedup.spending import services as spending_services
from joinedup.spending.imports import template_csv
from joinedup.systemmaps.models import Change, Factor, Link, SystemMap
from tests import people_helpers as ph

ROLES = ("anonymous", "outsider", "member", "lead", "admin")


@dataclass
class World:
    users: dict[str, Any]
    tokens: dict[str, str]
    objects: dict[str, Any] = field(default_factory=dict)

    def kwargs(self, route: str, names: list[str], overrides: dict[str, Any]) -> dict[str, Any]:
        """The URL kwargs for `route`: the row's own values first, then the shared object ids by name."""
        values: dict[str, Any] = {}
        for name in names:
            if name in overrides:
                values[name] = overrides[name]
            elif name in self.objects:
                values[name] = self.objects[name]
            else:
                raise LookupError(
                    f"{route}: the URL parameter <{name}> is unknown to tests/security/world.py; "
                    "create an object for it there or give the value in the matrix row"
                )
        return values


def build_world() -> World:
    dept, council = ph.department(), ph.council()
    leeds = ph.place()
    users = {
        "outsider": ph.person("olly@elsewhere.gov.uk", "Olly Outsider", dept),
        "member": ph.person("mel@leeds.gov.uk", "Mel Member", council),
        "lead": ph.person("lee@dept.gov.uk", "Lee Lead", dept),
        "admin": ph.person("ada@network.org", "Ada Admin", dept, role=Role.ADMIN),
    }
    world = World(
        users=users, tokens={role: api_token_create(user=user, scope="write") for role, user in users.items()}
    )
    _situation_things(world)
    _partnership_things(world, dept)
    _matching_things(world)
    _learning_things(world)
    _spending_things(world, leeds, council, dept)
    member = users["member"]
    world.objects.update(
        gss_code=leeds.gss_code,
        profile_id=member.profile.pk,
        person_id=member.profile.pk,
        organisation_slug=council.slug,
        job_id=Job.objects.create(kind="security.matrix", owner=member).pk,
        notification_id=Notification.objects.create(
            recipient=member, kind="introduced", object_key="situation:0", title="A", url="/", message="A"
        ).pk,
        invitation_id=Invitation.objects.create(
            kind="situation",
            object_id=world.objects["situation_id"],
            email="new@example.org",
            role="member",
            invited_by=users["lead"],
            expires_at=timezone.now() + timedelta(days=1),
            token_digest="0" * 64,
        ).pk,
    )
    return world


def _situation_things(world: World) -> None:
    member, lead = world.users["member"], world.users["lead"]
    situation = Situation.objects.create(
        title="Hospital discharge in Leeds", framing="Slow.", created_by=lead
    )
    Membership.objects.create(situation=situation, user=lead, perspective=Perspective.CENTRAL,
                              role=MemberRole.CONVENER)  # fmt: skip
    membership = Membership.objects.create(situation=situation, user=member, perspective=Perspective.LOCAL)
    conversation = Conversation.objects.create(situation=situation, title="What gets in the way?", anonymous_enabled=True,
                                               question="What gets in the way of discharge?",
                                               created_by=lead)  # fmt: skip
    statement = Statement.objects.create(conversation=conversation, number=1, text="Care packages are late.",
                                         created_at=timezone.now())  # fmt: skip
    system_map = SystemMap.objects.create(situation=situation, title="Discharge loop")
    a = Factor.objects.create(system_map=system_map, key="a", label="Delays")
    b = Factor.objects.create(system_map=system_map, key="b", label="Beds")
    link = Link.objects.create(system_map=system_map, source=a, target=b, polarity="+")
    change = Change.objects.create(system_map=system_map, action="factor_add", summary="Added Delays")
    world.objects.update(
        situation_id=situation.pk, membership_id=membership.pk, conversation_id=conversation.pk,
        statement_id=statement.pk, map_id=system_map.pk, factor_id=a.pk, link_id=link.pk,
        change_id=change.pk, conversation_token=conversation.anonymous_token,
    )  # fmt: skip


def _partnership_things(world: World, dept: Any) -> None:
    member, lead = world.users["member"], world.users["lead"]
    programme = Programme.objects.create(name="Housing pilots")
    p = partnership_services.partnership_create(title="Leeds homelessness prevention",
                                                shared_outcome="Fewer families in temporary accommodation",
                                                kind="joint_working", by=lead, programme=programme)  # fmt: skip
    participant = partnership_services.partnership_add_participant(partnership=p, user=member, role="member",
                                                                   by=lead)  # fmt: skip
    champion = ph.person("perm@dept.gov.uk", "Pat Permanent", dept)
    partnership_services.partnership_add_champion(partnership=p, user=champion, is_senior=True, by=lead)
    partnership_services.partnership_add_cost(partnership=p, by=lead, item="Secondee", bearer="central",
                                              amount=1000)  # fmt: skip
    deliverable = p.deliverables.create(title="Triage service", due_date=date.today() + timedelta(days=90))
    today = timezone.localdate()
    # Through the service, so the member has their invitation (and the check page its answer form).
    check = partnership_services.partnership_schedule_check(partnership=p, opens_on=today,
                                                            closes_on=today + timedelta(days=7), by=lead)  # fmt: skip
    world.objects.update(
        partnership_id=p.pk, participant_id=participant.pk, champion_id=p.champions.get().pk,
        cost_id=p.costs.get().pk, deliverable_id=deliverable.pk, check_id=check.pk, programme_id=programme.pk,
    )  # fmt: skip


def _matching_things(world: World) -> None:
    member, lead, outsider = world.users["member"], world.users["lead"], world.users["outsider"]
    admin = world.users["admin"]
    round_ = MatchRound.objects.create(name="Coffee across the line", created_by=admin)
    match = Match.objects.create(round=round_, person_a=member.profile, person_b=lead.profile,
                                 arranger=member.profile, score=0.5)  # fmt: skip
    block = Block.objects.create(profile=member.profile, blocked=outsider.profile)
    scheme = SecondmentScheme.objects.create(name="Summer secondments", created_by=admin)
    opportunity = Opportunity.objects.create(scheme=scheme, host=lead.profile, title="Housing analyst",
                                             duration_months=6, description="Analysis.",
                                             skills_sought="SQL", how_it_ends="A report.")  # fmt: skip
    event = Event.objects.create(title="Leeds meet-up", starts_on=date.today() + timedelta(days=30),
                                 created_by=admin)  # fmt: skip
    world.objects.update(round_id=round_.pk, match_id=match.pk, block_id=block.pk, scheme_id=scheme.pk,
                         opportunity_id=opportunity.pk, event_id=event.pk)  # fmt: skip


def _learning_things(world: World) -> None:
    lead = world.users["lead"]
    initiative = Initiative.objects.create(slug="troubled-families", name="Troubled Families", start_year=2012,
                                           source_url="https://example.org/report")  # fmt: skip
    lesson = Lesson.objects.create(ref="L-2026-0001", title="One key worker", state=LessonState.PUBLISHED,
                                   published_at=timezone.now())  # fmt: skip
    lesson.authors.add(lead)
    Comment.objects.create(lesson=lesson, body="Useful.", author=lead)
    world.objects.update(ref=lesson.ref, slug=initiative.slug)


def _spending_things(world: World, leeds: Any, council: Any, dept: Any) -> None:
    """A closed count of the situation (its members see it; no one else), with one body's upload."""
    member, lead = world.users["member"], world.users["lead"]
    situation = Situation.objects.get(pk=world.objects["situation_id"])
    count = spending_services.spend_count_create(created_by=lead, title="Leeds pound", place=leeds,
                                                 situation=situation)  # fmt: skip
    upload = spending_services.spend_import_submit(count=count, body=council, supplied_by=member,
                                                   filename="t.csv", content=template_csv())  # fmt: skip
    world.objects.update(count_id=count.pk, import_id=upload.pk)
