"""The editor's newer endpoints: two people at once (409), redo, the analysis to light up, the simulation;
and the versions page."""

import json

from django.test import Client
from django.urls import reverse

from joinedup.systemmaps import services
from joinedup.systemmaps.models import Factor, Link, SystemMap


def _post(client, name, args, data, revision=None):
    headers = {} if revision is None else {"X-Map-Revision": str(revision)}
    return client.post(
        reverse(f"systemmaps:{name}", args=args),
        data=json.dumps(data),
        content_type="application/json",
        headers=headers,
    )


def test_a_change_to_a_map_someone_else_changed_is_refused_with_their_name(mc, as_user):
    client = as_user(mc.cast.member)
    revision = client.get(reverse("systemmaps:data", args=[mc.system_map.pk])).json()["revision"]
    services.factor_add(system_map=mc.system_map, user=mc.frontline, label="Trust")
    response = _post(client, "data-factors", [mc.system_map.pk], {"label": "Rent arrears"}, revision)
    assert response.status_code == 409
    assert response.json()["errors"]["__all__"].startswith(f"{mc.frontline} changed this map")
    assert not Factor.objects.filter(label="Rent arrears").exists()
    fresh = SystemMap.objects.get(pk=mc.system_map.pk).revision
    ok = _post(client, "data-factors", [mc.system_map.pk], {"label": "Rent arrears"}, fresh)
    assert ok.status_code == 201 and ok.json()["revision"] == fresh + 1


def test_undo_then_redo_through_the_editor(mc, as_user):
    client = as_user(mc.cast.member)
    made = _post(client, "data-factors", [mc.system_map.pk], {"label": "Trust"}).json()
    assert _post(client, "data-undo", [mc.system_map.pk], {}).status_code == 200
    assert not Factor.objects.filter(pk=made["id"]).exists()
    redone = _post(client, "data-redo", [mc.system_map.pk], {})
    assert redone.status_code == 200 and redone.json()["redone"] == "added the factor “Trust”"
    assert Factor.objects.get(pk=made["id"]).label == "Trust"
    assert _post(client, "data-redo", [mc.system_map.pk], {}).status_code == 409


def test_the_editor_gets_loops_by_factor_with_names_and_stories(mc, as_user):
    data = as_user(mc.cast.member).get(reverse("systemmaps:data-analysis", args=[mc.system_map.pk])).json()
    assert [(lp["name"], lp["factors"]) for lp in data["loops"]] == [
        ("R1", [mc.voids.pk, mc.crime.pk]),
        ("B2", [mc.voids.pk, mc.crime.pk, mc.targets.pk]),
    ]
    assert data["loops"][1]["story"].startswith("more Empty homes → more Street crime")
    assert [mc.targets.pk, mc.voids.pk] in data["boundary"]


def test_a_simulation_runs_without_changing_the_map(mc, as_user):
    before = SystemMap.objects.get(pk=mc.system_map.pk).revision
    response = _post(
        as_user(mc.cast.member),
        "data-simulate",
        [mc.system_map.pk],
        {"factor": mc.targets.pk, "direction": "up"},
    )
    data = response.json()
    assert data["caveat"].startswith("A way to think, not a forecast")
    where = data["factors"].index(mc.voids.pk)
    # Reporting demands push empty homes down (−) one tick after the nudge.
    assert data["steps"][1]["levels"][where] < 0
    assert [mc.link.pk, data["steps"][2]["fired"][0][1]] in data["steps"][2]["fired"]
    assert SystemMap.objects.get(pk=mc.system_map.pk).revision == before


def test_outsiders_get_404_from_the_new_endpoints(mc, as_user):
    client = as_user(mc.cast.outsider)
    assert client.get(reverse("systemmaps:data-analysis", args=[mc.system_map.pk])).status_code == 404
    assert _post(client, "data-redo", [mc.system_map.pk], {}).status_code == 404
    assert _post(client, "data-simulate", [mc.system_map.pk], {"factor": mc.voids.pk}).status_code == 404


def test_the_editor_endpoints_need_the_csrf_token(mc):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mc.cast.member)
    response = _post(client, "data-redo", [mc.system_map.pk], {})
    assert response.status_code == 403


def test_the_versions_page_saves_and_compares(mc, as_user):
    client = as_user(mc.cast.member)
    url = reverse("systemmaps:versions", args=[mc.system_map.pk])
    assert client.post(url, {"name": "March workshop"}).status_code == 302
    Link.objects.filter(pk=mc.link.pk).update(polarity="-")
    services.factor_add(system_map=mc.system_map, user=mc.frontline, label="Trust")
    page = client.get(url).content.decode()
    assert "Versions – Estates and crime" in page
    assert "What changed since version 1" in page
    assert "Trust" in page and "polarity + → -" in page
    assert as_user(mc.cast.outsider).get(url).status_code == 404


def test_the_plain_forms_refuse_a_duplicate_name_and_a_self_link_with_the_reason(mc, as_user):
    client = as_user(mc.cast.member)
    page = client.post(reverse("systemmaps:factor-add", args=[mc.system_map.pk]), {"label": " empty  HOMES"})
    assert page.status_code == 200
    assert "already has a factor called “Empty homes”" in page.content.decode()
    page = client.post(
        reverse("systemmaps:link-add", args=[mc.system_map.pk]),
        {"source": mc.voids.pk, "target": mc.voids.pk, "polarity": "+", "strength": "1"},
    )
    assert page.status_code == 200
    assert "is not a feedback loop" in page.content.decode()
    assert Factor.objects.filter(system_map=mc.system_map).count() == 3
