"""The number of SQL queries per page does not grow with the number of situations, members or places."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.places.models import Place
from joinedup.situations.models import Perspective
from joinedup.situations.selectors import situations_touching
from joinedup.situations.services import membership_add, situation_create
from tests import people_helpers as h


def _grow(cast, n):
    for i in range(n):
        extra = h.place(f"E0700{i:04}", f"District {i}")
        s = situation_create(
            created_by=cast.member,
            title=f"S{i}",
            framing="x",
            perspective=Perspective.LOCAL,
            places=[extra, h.place()],
        )
        membership_add(situation=s, user=cast.outsider, perspective=Perspective.FRONTLINE)


def test_it_keeps_the_list_page_queries_flat(cast, as_user):
    client = as_user(cast.member)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("situations:list"))
    _grow(cast, 8)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("situations:list"))
    assert len(many) == len(few)


def test_it_keeps_the_detail_page_queries_flat(cast, as_user):
    client = as_user(cast.convener)
    url = reverse("situations:detail", args=[cast.situation.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        membership_add(
            situation=cast.situation, user=h.person(f"p{i}@example.org", f"P {i}"), perspective="partner"
        )
        cast.situation.places.add(h.place(f"E0600{i:04}", f"Unitary {i}"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_it_finds_the_situations_touching_a_place_for_members_only(cast):
    leeds = Place.objects.get(gss_code="E08000035")
    assert list(situations_touching(place=leeds, user=cast.member)) == [cast.situation]
    assert list(situations_touching(place=leeds, user=cast.outsider)) == []
