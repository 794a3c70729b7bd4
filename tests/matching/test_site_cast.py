"""A cast for the matching site's tests (helpers only; no tests here): three central people, two local, a
coordinator and an outsider, opted in to coffee rounds, and helpers to run and publish a round."""

from dataclasses import dataclass
from typing import Any

from joinedup.accounts.models import Role
from joinedup.jobs.services import jobs_run_all
from joinedup.matching import services
from joinedup.matching.models import Kind, MatchRound
from joinedup.people.models import CareerEntry, Level
from joinedup.places.models import OrganisationKind
from tests import people_helpers as ph


@dataclass
class Cast:
    coordinator: Any
    alice: Any  # central, housing, knows Leeds, once worked in a council
    bob: Any  # local (Leeds City Council), housing
    carol: Any  # central
    dan: Any  # local (Bradford)
    erin: Any  # central
    olly: Any  # outsider: never opted in

    @property
    def central(self) -> list[Any]:
        return [self.alice, self.carol, self.erin]

    @property
    def local(self) -> list[Any]:
        return [self.bob, self.dan]


def make_cast() -> Cast:
    dept, council = ph.department(), ph.council()
    bradford = ph.place("E08000032", "Bradford")
    other_dept = ph.organisation(
        "department-for-education", "Department for Education", OrganisationKind.MINISTERIAL
    )
    bradford_council = ph.organisation(
        "bradford-council", "Bradford Council", OrganisationKind.COUNCIL, bradford
    )
    housing, leeds = ph.policy_area("Housing"), ph.place()
    cast = Cast(
        coordinator=ph.person("coord@network.org", "Coco Coordinator", dept, role=Role.COORDINATOR),
        alice=ph.person("alice@dept.gov.uk", "Alice Adams", dept, offers="Housing policy", seeks="Delivery"),
        bob=ph.person("bob@leeds.gov.uk", "Bob Brown", council, offers="Housing delivery", seeks="Policy"),
        carol=ph.person("carol@education.gov.uk", "Carol Clark", other_dept, level=Level.SENIOR),
        dan=ph.person("dan@bradford.gov.uk", "Dan Davis", bradford_council),
        erin=ph.person("erin@dept.gov.uk", "Erin Evans", dept, level=Level.FRONTLINE),
        olly=ph.person("olly@dept.gov.uk", "Olly Outsider", dept),
    )
    for user in (cast.alice, cast.bob):
        user.profile.policy_areas.add(housing)
        user.profile.places.add(leeds)
    CareerEntry.objects.create(profile=cast.alice.profile, sector="local", role="Officer", start_year=2010,
                               end_year=2015, organisation_name="Leeds City Council")  # fmt: skip
    for user in [*cast.central, *cast.local]:
        opt_in(user)
    return cast


def opt_in(user: Any, kind: str = Kind.COFFEE, **data: Any) -> None:
    services.preference_save(profile=user.profile, kind=kind, data={"active": True, **data})


def make_round(cast: Cast, **data: Any) -> MatchRound:
    return services.match_round_create(by=cast.coordinator, data={"name": "Coffee across the line", "kind": "coffee",
                                                                   **data})  # fmt: skip


def run(round: MatchRound, cast: Cast) -> MatchRound:
    services.match_round_start(round=round, by=cast.coordinator)
    jobs_run_all()
    round.refresh_from_db()
    return round


def run_and_publish(cast: Cast, **data: Any) -> MatchRound:
    round = run(make_round(cast, **data), cast)
    round = services.match_round_publish(round=round, by=cast.coordinator)
    jobs_run_all()  # the introductions
    return round
