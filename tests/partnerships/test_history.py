import pytest
from django.urls import reverse

from joinedup.partnerships import services
from joinedup.partnerships.selectors import charter_history
from tests import people_helpers as ph
from tests.partnerships.cast import make_cast, make_partnership

pytestmark = pytest.mark.django_db


def test_it_shows_who_changed_what_and_when(client):
    cast = make_cast()
    p = make_partnership(cast)
    client.force_login(cast.local_lead)
    client.post(
        reverse("partnerships:edit", args=[p.pk]),
        {"shared_outcome": "Half as many families in B&Bs", "title": p.title, "kind": p.kind,
         "programme": p.programme_id, "exit_criteria": "Council runs it alone"},
    )  # fmt: skip
    page = client.get(reverse("partnerships:history", args=[p.pk])).content.decode()
    assert "Charter changed" in page
    assert "by Lou Local" in page
    assert "Fewer families in temporary accommodation in Leeds" in page  # before
    assert "Half as many families in B&amp;Bs" in page  # after
    assert "Exit criteria" in page and "Council runs it alone" in page


def test_it_keeps_changes_to_costs_champions_and_deliverables():
    cast = make_cast()
    p = make_partnership(cast)
    by = cast.central_lead
    cost = services.partnership_add_cost(
        partnership=p, by=by, item="Venue hire", bearer="shared", note="Split 50:50"
    )
    services.partnership_add_champion(partnership=p, user=cast.central_champion, is_senior=True, by=by)
    d = services.partnership_add_deliverable(
        partnership=p, by=by, title="Joint triage", due_date="2027-03-01"
    )
    services.partnership_update_deliverable(
        deliverable=d, by=by, data={"progress": 50, "status": "in_progress"}
    )
    services.partnership_remove_cost(cost=cost, by=by)
    entries = charter_history(p)
    whats = [e.what for e in entries]
    assert "Cost line removed: Venue hire (Shared)" in whats
    assert any(w.startswith("Champion added") for w in whats)
    progress = next(e for e in entries if e.what == "Deliverable changed: Joint triage")
    assert ("Progress", "0", "50") in progress.changes
    assert all(e.who == by for e in entries if e.what != "Charter added")


def test_it_keeps_changes_to_the_places():
    cast = make_cast()
    p = make_partnership(cast)
    leeds = ph.place()
    bradford = ph.place("E08000032", "Bradford")
    services.partnership_update_charter(partnership=p, by=cast.local_lead, data={"places": [leeds]})
    services.partnership_update_charter(partnership=p, by=cast.local_lead, data={"places": [leeds, bradford]})
    changes = [c for e in charter_history(p) for c in e.changes if c[0] == "Places"]
    assert ("Places", "Leeds", "Bradford, Leeds") in changes


def test_it_names_related_objects_and_choices_in_the_history():
    cast = make_cast()
    p = make_partnership(cast)
    by = cast.central_lead
    d = services.partnership_add_deliverable(
        partnership=p, by=by, title="Joint triage", due_date="2027-03-01"
    )
    services.partnership_update_deliverable(
        deliverable=d, by=by, data={"owner": cast.local_member, "status": "at_risk"}
    )
    entry = next(e for e in charter_history(p) if e.what == "Deliverable changed: Joint triage")
    assert ("Owner", "(blank)", "Lee Member") in entry.changes
    assert ("Status", "Not started", "At risk") in entry.changes
