"""Core shows what the apps register (panels, audited models) and imports none of them."""

import pytest
from django.urls import reverse

from joinedup.core import audit, panels
from joinedup.places.models import Place
from joinedup.situations.models import Membership, Perspective, Situation
from tests.people_helpers import person, place

pytestmark = pytest.mark.django_db


def test_it_lists_your_situations_on_the_dashboard_from_the_situations_panel(client):
    amira = person("amira@example.gov.uk", "Amira Khan")
    mine = Situation.objects.create(title="Families in temporary housing", framing="x")
    Membership.objects.create(situation=mine, user=amira, perspective=Perspective.CENTRAL)
    Situation.objects.create(title="Someone else's situation", framing="x")
    client.force_login(amira)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Your situations" in page and "Families in temporary housing" in page
    assert "Someone else's situation" not in page


def test_it_says_when_you_are_in_no_situation(client):
    client.force_login(person("ravi@example.gov.uk", "Ravi Patel"))
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "You are not in any situation yet." in page and "Start a situation" in page


def test_it_shows_people_beside_a_place_and_situations_in_its_main_column(client):
    leeds = place()
    amira = person("amira@example.gov.uk", "Amira Khan")
    amira.profile.places.add(leeds)
    client.force_login(amira)
    page = client.get(leeds.get_absolute_url()).content.decode()
    main, aside = page.split('class="govuk-grid-column-one-third"', 1)
    assert "Situations here" in main and "No situation that you can see touches this place." in main
    assert "People who know it" in aside and "Amira Khan" in aside
    # Two panel columns, so the panels' heading ids must differ.
    assert 'id="panel-main-1"' in main and 'id="panel-aside-1"' in aside


def test_it_registers_each_panel_and_audited_model_once():
    sources = [source.model for source in audit.audit_sources()]
    assert len(sources) == len(set(sources))
    assert {m.__name__ for m in sources} >= {"User", "Situation", "Membership", "Partnership", "Participant"}
    assert len(panels._REGISTRY["place"]) == len(set(panels._REGISTRY["place"]))


def test_it_refuses_to_audit_a_model_that_keeps_no_history():
    with pytest.raises(ValueError, match="keeps no history"):
        audit.register(Place, "Place")
