"""The drawing editor's JSON endpoints: each change saved at once, validated, CSRF-protected."""

import json

from django.test import Client
from django.urls import reverse

from joinedup.systemmaps.models import Change, Factor, Link


def _post(client, name, args, data):
    return client.post(
        reverse(f"systemmaps:{name}", args=args), data=json.dumps(data), content_type="application/json"
    )


def test_it_gives_the_map_with_positions_for_every_factor(mc, as_user):
    data = as_user(mc.cast.member).get(reverse("systemmaps:data", args=[mc.system_map.pk])).json()
    assert [f["label"] for f in data["factors"]] == ["Empty homes", "Street crime", "Reporting demands"]
    assert all(isinstance(f["x"], float) and isinstance(f["y"], float) for f in data["factors"]), [
        (f["x"], f["y"]) for f in data["factors"]
    ]
    assert [f["ground"] for f in data["factors"]] == [False, True, False]
    assert len(data["links"]) == 4


def test_it_adds_a_factor_and_logs_it(mc, as_user):
    response = _post(
        as_user(mc.frontline),
        "data-factors",
        [mc.system_map.pk],
        {"label": "Trust", "owner": "community", "x": 5, "y": 6},
    )
    assert response.status_code == 201
    factor = Factor.objects.get(pk=response.json()["id"])
    assert (factor.label, factor.x, factor.perspective) == ("Trust", 5.0, "frontline")
    assert Change.objects.filter(action="factor_add", user=mc.frontline).count() == 2


def test_it_moves_a_factor_without_logging(mc, as_user):
    before = Change.objects.count()
    _post(as_user(mc.cast.member), "data-factor", [mc.system_map.pk, mc.voids.pk], {"x": 10.5, "y": -4})
    mc.voids.refresh_from_db()
    assert (mc.voids.x, mc.voids.y) == (10.5, -4.0)
    assert Change.objects.count() == before


def test_it_sets_owner_and_polarity(mc, as_user):
    client = as_user(mc.cast.member)
    assert (
        _post(client, "data-factor", [mc.system_map.pk, mc.voids.pk], {"owner": "central"}).json()["owner"]
        == "central"
    )
    assert (
        _post(client, "data-link", [mc.system_map.pk, mc.link.pk], {"polarity": "-"}).json()["polarity"]
        == "-"
    )


def test_it_refuses_bad_input_with_field_errors(mc, as_user):
    client = as_user(mc.cast.member)
    response = _post(
        client, "data-links", [mc.system_map.pk], {"source": mc.voids.pk, "target": 99999, "polarity": "x"}
    )
    assert response.status_code == 400
    assert "polarity" in response.json()["errors"]
    response = _post(
        client, "data-links", [mc.system_map.pk], {"source": mc.voids.pk, "target": 99999, "polarity": "+"}
    )
    assert response.json() == {"errors": {"target": "No such factor on this map"}}
    response = _post(
        client,
        "data-links",
        [mc.system_map.pk],
        {"source": mc.voids.pk, "target": mc.crime.pk, "polarity": "+"},
    )
    assert response.status_code == 400 and "already a link" in response.json()["errors"]["__all__"]
    assert _post(client, "data-factors", [mc.system_map.pk], {"label": ""}).status_code == 400
    assert Link.objects.count() == 4


def test_it_requires_the_csrf_token(mc):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mc.cast.member)
    assert _post(client, "data-factors", [mc.system_map.pk], {"label": "Sneaky"}).status_code == 403
    client.get(reverse("systemmaps:editor", args=[mc.system_map.pk]))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("systemmaps:data-factors", args=[mc.system_map.pk]),
        data=json.dumps({"label": "Fine"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201


def test_it_undoes_my_last_change(mc, as_user):
    client = as_user(mc.frontline)
    _post(client, "data-link", [mc.system_map.pk, mc.link.pk], {"polarity": "-"})
    response = _post(client, "data-undo", [mc.system_map.pk], {})
    assert response.json()["undone"] == "changed the link “Empty homes” to “Street crime”"
    mc.link.refresh_from_db()
    assert mc.link.polarity == "+"


def test_it_removes_a_factor(mc, as_user):
    _post(as_user(mc.cast.member), "data-factor-delete", [mc.system_map.pk, mc.crime.pk], {})
    assert not Factor.objects.filter(pk=mc.crime.pk).exists()
    assert Link.objects.count() == 1
