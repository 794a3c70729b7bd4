from dataclasses import dataclass

import pytest

from joinedup.accounts.models import User
from joinedup.situations.models import MemberRole, Perspective
from joinedup.situations.services import membership_add
from joinedup.systemmaps import services
from joinedup.systemmaps.models import Factor, Link, SystemMap
from tests import people_helpers as h
from tests.situations.personas import Cast, build_cast


@dataclass
class MapCast:
    cast: Cast
    frontline: User
    system_map: SystemMap
    voids: Factor
    crime: Factor
    targets: Factor
    link: Link


def build_map_cast() -> MapCast:
    """The situation's cast plus a frontline member, and a small map: a reinforcing and a balancing loop."""
    cast = build_cast()
    frontline = h.person("frontline@example.gov.uk", "Fran Frontline", h.council())
    membership_add(
        situation=cast.situation, user=frontline, perspective=Perspective.FRONTLINE, role=MemberRole.MEMBER
    )
    m = services.system_map_create(situation=cast.situation, user=cast.member, title="Estates and crime")
    voids = services.factor_add(system_map=m, user=cast.member, label="Empty homes", owner="local")
    crime = services.factor_add(system_map=m, user=frontline, label="Street crime", owner="community")
    targets = services.factor_add(
        system_map=m, user=cast.convener, label="Reporting demands", owner="central"
    )
    link = services.link_add(system_map=m, user=cast.member, source=voids, target=crime, polarity="+")
    services.link_add(system_map=m, user=frontline, source=crime, target=voids, polarity="+")
    services.link_add(system_map=m, user=cast.convener, source=crime, target=targets, polarity="+")
    services.link_add(system_map=m, user=cast.convener, source=targets, target=voids, polarity="-")
    return MapCast(cast, frontline, m, voids, crime, targets, link)


@pytest.fixture
def mc(db) -> MapCast:
    return build_map_cast()


@pytest.fixture
def as_user(client):
    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
