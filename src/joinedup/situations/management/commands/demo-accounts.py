"""joinedup demo-accounts — a demo coordinator and a demo participant with known passwords (idempotent).

In the situations app because it puts both accounts in demo situations (the people app never imports situations).
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from joinedup.accounts.models import Role, User
from joinedup.people.models import Level, PolicyArea, Profile
from joinedup.people.services import CareerItem, profile_create, profile_update, profile_update_career
from joinedup.places.models import Organisation, OrganisationKind, Place
from joinedup.situations.models import MemberRole, Membership, Perspective, Situation

DEMO_PASSWORD = "joined-up-demo"
ACCOUNTS = (
    # email, name, role, organisation kind, job title, level
    ("coordinator@demo.joinedup.example", "Dana Coordinator", Role.COORDINATOR, OrganisationKind.MINISTERIAL,
     "Programme lead, place-based working", Level.SENIOR),
    ("participant@demo.joinedup.example", "Pat Participant", Role.PARTICIPANT, OrganisationKind.COUNCIL,
     "Head of housing", Level.MANAGER),
)  # fmt: skip


class Command(BaseCommand):
    help = "Create or reset the demo coordinator and participant accounts and print how to sign in"

    def handle(self, *args: Any, **options: Any) -> None:
        users = []
        for email, name, role, kind, title, level in ACCOUNTS:
            user = _account(email, name, role)
            _ensure_profile(user, kind, title, level)
            users.append(user)
        _join_demo_situations(*users)
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/sign-in/ as either demo account:")
        for email, _name, role, *_ in ACCOUNTS:
            self.stdout.write(f"  {role.label:<12} email: {email}  password: {DEMO_PASSWORD}")


def _account(email: str, name: str, role: str) -> Any:
    user_model: Any = get_user_model()
    user = user_model.objects.filter(email=email).first() or user_model(email=email)
    user.name, user.role, user.is_active = name, role, True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _ensure_profile(user: User, kind: str, title: str, level: str) -> Profile:
    org = Organisation.objects.filter(kind=kind, is_active=True).order_by("slug").first()
    fields: dict[str, Any] = {"organisation": org, "job_title": title, "level": level}
    if org is None:
        fields["sector"] = "other"
    fields["offers"] = "I can offer experience of joining up housing and health services across a county."
    fields["seeks"] = (
        "I'm looking for people in councils who have run a secondment with a government department."
    )
    places = [org.place] if org is not None and org.place else list(Place.objects.order_by("gss_code")[:2])
    areas = list(PolicyArea.objects.filter(slug__in=["housing", "health"]))
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        profile = profile_create(user=user, places=places, policy_areas=areas, **fields)
    else:
        profile = profile_update(profile=profile, places=places, policy_areas=areas, **fields)
    councils = Organisation.objects.filter(kind=OrganisationKind.COUNCIL).order_by("slug")
    past = councils.first() if kind != OrganisationKind.COUNCIL else None
    career = [CareerItem(organisation_name=org.name if org else "", sector=profile.sector, role=title,
                         start_year=2022, organisation=org)]  # fmt: skip
    if past is not None:
        career.append(CareerItem(organisation_name=past.name, sector=past.sector, role="Policy officer",
                                 start_year=2015, end_year=2022, organisation=past))  # fmt: skip
    return profile_update_career(profile=profile, entries=career)


def _join_demo_situations(coordinator: Any, participant: Any) -> None:
    """Put both demo accounts in the first two demo situations, so the demo opens on real work."""
    for situation in Situation.objects.order_by("pk")[:2]:
        Membership.objects.get_or_create(
            situation=situation,
            user=coordinator,
            defaults={"perspective": Perspective.CENTRAL, "role": MemberRole.CONVENER},
        )
        Membership.objects.get_or_create(
            situation=situation,
            user=participant,
            defaults={"perspective": Perspective.LOCAL, "role": MemberRole.MEMBER},
        )
