"""API lists answer in a fixed number of SQL queries, however many rows they hold."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.places.models import OrganisationKind
from joinedup.situations.models import Perspective
from joinedup.situations.services import membership_add, situation_create
from tests import people_helpers as h


def _queries(api, path):
    api.get(path)  # the first request of a rate-limit window adds its counter; later ones only increment it
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return len(captured)


def test_it_lists_situations_in_flat_queries(cast, api_as):
    api = api_as(cast.member)
    few = _queries(api, "/situations/")
    for i in range(5):
        s = situation_create(
            created_by=cast.member,
            title=f"S{i}",
            framing="x",
            perspective=Perspective.LOCAL,
            places=[h.place()],
        )
        membership_add(situation=s, user=cast.outsider, perspective=Perspective.PARTNER)
    assert _queries(api, "/situations/") == few


def test_it_lists_people_and_organisations_in_flat_queries(cast, api_as):
    api = api_as(cast.outsider)
    few_people, few_orgs = _queries(api, "/people/"), _queries(api, "/organisations/")
    for i in range(5):
        org = h.organisation(f"body-{i}", f"Body {i}", OrganisationKind.AGENCY)
        user = h.person(f"p{i}@example.org", f"P {i}", org)
        user.profile.places.add(h.place())
        user.profile.policy_areas.add(h.policy_area("Housing"))
    assert _queries(api, "/people/") == few_people
    assert _queries(api, "/organisations/") == few_orgs
