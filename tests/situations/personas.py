"""A fixed cast around one private situation: its convener, a member, an outsider and an admin."""

from dataclasses import dataclass

from joinedup.accounts.models import Role, User
from joinedup.situations.models import MemberRole, Perspective, Situation
from joinedup.situations.services import membership_add, situation_create
from tests import people_helpers as h


@dataclass
class Cast:
    convener: User
    member: User
    outsider: User
    admin: User
    situation: Situation


def build_cast() -> Cast:
    convener = h.person("convener@example.gov.uk", "Cara Convener", h.department())
    member = h.person("member@example.gov.uk", "Mo Member", h.council())
    outsider = h.person("outsider@example.gov.uk", "Olu Outsider", h.council())
    admin = h.person("admin@example.gov.uk", "Ada Admin", role=Role.ADMIN)
    situation = situation_create(
        created_by=convener,
        title="Temporary accommodation in Leeds",
        framing="Families stay in B&Bs for months; housing, children's services and DWP each see one part.",
        perspective=Perspective.CENTRAL,
        places=[h.place()],
        policy_areas=[h.policy_area("Housing")],
    )
    membership_add(situation=situation, user=member, perspective=Perspective.LOCAL, role=MemberRole.MEMBER)
    return Cast(convener, member, outsider, admin, situation)
