"""The bridge-builder finder and the cross-boundary network of a place."""

import pytest
from django.urls import reverse

from joinedup.matching import selectors, services
from joinedup.people.models import CareerEntry
from tests import people_helpers as ph
from tests.matching.test_site_cast import make_cast

pytestmark = pytest.mark.django_db


def both_sides(user, central_years, local_years):
    CareerEntry.objects.create(profile=user.profile, sector="central", role="Adviser", start_year=2000,
                               end_year=2000 + central_years, organisation_name="A department")  # fmt: skip
    CareerEntry.objects.create(profile=user.profile, sector="local", role="Officer", start_year=2000,
                               end_year=2000 + local_years, organisation_name="A council")  # fmt: skip
    user.profile.both_sides = True
    user.profile.save()


def test_it_ranks_bridge_builders_with_reasons():
    cast = make_cast()
    both_sides(cast.alice, 5, 5)
    both_sides(cast.bob, 19, 1)
    both_sides(cast.dan, 10, 10)  # knows Bradford, in the same region as Leeds, no housing
    found = selectors.bridge_builders(user=cast.olly, place=ph.place(), policy_area=ph.policy_area("Housing"))
    assert [b.profile for b in found] == [cast.alice.profile, cast.bob.profile]
    assert found[0].why == [
        "knows Leeds",
        "works on housing",
        "5 years in central and 10 in local government",
    ]  # and 5 from the cast
    anywhere = selectors.bridge_builders(user=cast.olly, place=ph.place(), policy_area=None)
    assert cast.dan.profile in [b.profile for b in anywhere]
    assert "knows Yorkshire and The Humber" in [b for b in anywhere if b.profile == cast.dan.profile][0].why


def test_it_leaves_out_people_without_both_sides():
    cast = make_cast()
    assert selectors.bridge_builders(user=cast.olly, place=ph.place(), policy_area=None) == []


def test_it_shows_the_finder_page(client):
    cast = make_cast()
    both_sides(cast.alice, 5, 5)
    client.force_login(cast.olly)
    page = client.get(reverse("matching:bridges"), {"place": ph.place().gss_code}).content.decode()
    assert "Alice Adams" in page and "knows Leeds" in page


def test_it_finds_who_bridges_a_place():
    cast = make_cast()
    leeds = ph.place()
    for user in (cast.carol, cast.erin):
        user.profile.places.add(leeds)
    services.connection_ensure(a=cast.alice.profile, b=cast.bob.profile, source="match")
    services.connection_ensure(a=cast.bob.profile, b=cast.carol.profile, source="match")
    services.connection_ensure(a=cast.carol.profile, b=cast.erin.profile, source="manual")  # central–central
    network = selectors.place_network(user=cast.olly, place=leeds)
    assert network.cross_ties == 2
    assert network.bridges[0][0] == cast.bob.profile and network.bridges[0][2] == 2
    assert network.people == 4


def test_it_shows_the_network_page(client):
    cast = make_cast()
    services.connection_ensure(a=cast.alice.profile, b=cast.bob.profile, source="match")
    client.force_login(cast.olly)
    page = client.get(reverse("matching:network", args=[ph.place().gss_code])).content.decode()
    assert "1 of the ties between them join central and local government" in page


def test_it_links_a_place_page_to_its_network(client):
    cast = make_cast()
    client.force_login(cast.olly)
    page = client.get(ph.place().get_absolute_url()).content.decode()
    assert reverse("matching:network", args=[ph.place().gss_code]) in page
