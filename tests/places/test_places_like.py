"""Places like mine on the place page, and in a lesson's transferability panel."""

import pytest
from django.urls import reverse

from joinedup.places.models import Place
from tests.people_helpers import person, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return {
        "leeds": place(population=798_786, area_km2=552.0),
        "sheffield": place("E08000019", "Sheffield", population=589_214, area_km2=368.0),
        "bradford": place("E08000032", "Bradford", population=539_776, area_km2=366.0),
        "rural": place(
            "E07000164",
            "Hambleton",
            kind="NMD",
            kind_name="Non-metropolitan district",
            population=91_594,
            area_km2=1_311.0,
        ),  # fmt: skip
        "cardiff": place(
            "W06000015",
            "Cardiff",
            nation="Wales",
            region="",
            kind="WPA",
            kind_name="Welsh unitary authority",
            population=369_202,
            area_km2=140.0,
        ),  # fmt: skip
        "old": place("E07000999", "Gone", population=None, is_current=False),
    }


def test_the_place_page_lists_the_nearest_councils_with_reasons(client, places):
    client.force_login(person("a@example.gov.uk", "Amira Khan"))
    response = client.get(reverse("places:detail", args=["E08000035"]))
    like = response.context["places_like"]
    assert [n.name for n in like] == ["Sheffield", "Bradford", "Cardiff", "Hambleton"]
    page = response.content.decode()
    assert "Places like Leeds" in page
    assert "Similar because:" in page
    assert "the same tier (single-tier)" in page
    assert "a different tier (lower-tier district, not single-tier)" in page
    assert "Deprivation is not compared yet" in page


def test_a_retired_place_has_no_places_like_it(client, places):
    client.force_login(person("a@example.gov.uk", "Amira Khan"))
    assert Place.objects.get(gss_code="E07000999").is_current is False
    response = client.get(reverse("places:detail", args=["E07000999"]))
    assert response.context["places_like"] == []
    assert "no statistics to compare" in response.content.decode()


def test_the_people_panel_links_to_the_directory_filtered_by_the_place(client, places):
    from joinedup.people.services import profile_update

    for i in range(22):  # more than the panel shows (people.panels.PLACE_SHOWN)
        user = person(f"p{i}@example.gov.uk", f"Person {i:02}")
        profile_update(profile=user.profile, places=[places["leeds"]])
    client.force_login(user)
    page = client.get(reverse("places:detail", args=["E08000035"])).content.decode()
    assert "/people/?place=E08000035" in page
    listed = client.get("/people/", {"place": "E08000035"})
    assert listed.context["page"].paginator.count == 22
