"""Every system-map view, tried by each persona: members and admins get in, outsiders get 404 (they cannot
tell the map exists), anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from joinedup.systemmaps.models import Change


def _urls(mc):
    m, f, lk = mc.system_map.pk, mc.voids.pk, mc.link.pk
    change = Change.objects.filter(system_map=mc.system_map).first()
    s = mc.cast.situation.pk
    return {
        # name: (url, method, data, expected status for a member)
        "list": (reverse("systemmaps:list", args=[s]), "get", None, 200),
        "import": (reverse("systemmaps:import", args=[s]), "get", None, 200),
        "detail": (reverse("systemmaps:detail", args=[m]), "get", None, 200),
        "factor-add": (reverse("systemmaps:factor-add", args=[m]), "get", None, 200),
        "factor-edit": (reverse("systemmaps:factor-edit", args=[m, f]), "get", None, 200),
        "factor-delete": (reverse("systemmaps:factor-delete", args=[m, f]), "get", None, 200),
        "link-add": (reverse("systemmaps:link-add", args=[m]), "get", None, 200),
        "link-edit": (reverse("systemmaps:link-edit", args=[m, lk]), "get", None, 200),
        "link-delete": (reverse("systemmaps:link-delete", args=[m, lk]), "get", None, 200),
        "changes": (reverse("systemmaps:changes", args=[m]), "get", None, 200),
        "change-undo": (reverse("systemmaps:change-undo", args=[m, change.pk]), "post", {}, 302),
        "export": (reverse("systemmaps:export", args=[m, "map.graphml"]), "get", None, 200),
        "editor": (reverse("systemmaps:editor", args=[m]), "get", None, 200),
        "data": (reverse("systemmaps:data", args=[m]), "get", None, 200),
        "data-factors": (reverse("systemmaps:data-factors", args=[m]), "json", {"label": "New"}, 201),
        "data-factor": (reverse("systemmaps:data-factor", args=[m, f]), "json", {"x": 1, "y": 2}, 200),
        "data-factor-delete": (reverse("systemmaps:data-factor-delete", args=[m, f]), "json", {}, 200),
        "data-links": (
            reverse("systemmaps:data-links", args=[m]),
            "json",
            {"source": mc.targets.pk, "target": mc.crime.pk, "polarity": "-"},
            201,
        ),
        "data-link": (reverse("systemmaps:data-link", args=[m, lk]), "json", {"polarity": "-"}, 200),
        "data-link-delete": (reverse("systemmaps:data-link-delete", args=[m, lk]), "json", {}, 200),
        "data-undo": (reverse("systemmaps:data-undo", args=[m]), "json", {}, 200),
        # Nobody has undone anything here, so there is nothing to redo: 409, but past the membership check.
        "data-redo": (reverse("systemmaps:data-redo", args=[m]), "json", {}, 409),
        "data-analysis": (reverse("systemmaps:data-analysis", args=[m]), "get", None, 200),
        "data-simulate": (reverse("systemmaps:data-simulate", args=[m]), "json", {"factor": f}, 200),
        "versions": (reverse("systemmaps:versions", args=[m]), "get", None, 200),
        "data-tidy": (reverse("systemmaps:data-tidy", args=[m]), "json", {}, 200),
    }


NAMES = [
    "list",
    "import",
    "detail",
    "factor-add",
    "factor-edit",
    "factor-delete",
    "link-add",
    "link-edit",
    "link-delete",
    "changes",
    "change-undo",
    "export",
    "editor",
    "data",
    "data-factors",
    "data-factor",
    "data-factor-delete",
    "data-links",
    "data-link",
    "data-link-delete",
    "data-undo",
    "data-redo",
    "data-analysis",
    "data-simulate",
    "versions",
    "data-tidy",
]


def _call(client, url, method, data):
    if method == "get":
        return client.get(url)
    if method == "json":
        return client.post(url, data=data, content_type="application/json")
    return client.post(url, data)


def test_it_covers_every_url_of_the_app(mc):
    from joinedup.systemmaps.urls import urlpatterns

    assert sorted(p.name for p in urlpatterns) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("persona", ["member", "frontline", "admin"])
def test_it_lets_members_and_admins_in(mc, as_user, name, persona):
    user = mc.frontline if persona == "frontline" else getattr(mc.cast, persona)
    url, method, data, expected = _urls(mc)[name]
    if name == "data-undo" and persona == "admin":
        expected = 409  # the admin made no change here, so has nothing of their own to undo
    assert _call(as_user(user), url, method, data).status_code == expected


@pytest.mark.parametrize("name", NAMES)
def test_it_is_404_for_an_outsider(mc, as_user, name):
    url, method, data, _ = _urls(mc)[name]
    before = Change.objects.count()
    assert _call(as_user(mc.cast.outsider), url, method, data).status_code == 404
    assert Change.objects.count() == before


@pytest.mark.parametrize("name", NAMES)
def test_it_sends_anonymous_visitors_to_sign_in(mc, client, name):
    url, method, data, _ = _urls(mc)[name]
    response = _call(client, url, method, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(
    "name",
    [
        "change-undo",
        "data-factors",
        "data-factor",
        "data-factor-delete",
        "data-links",
        "data-link",
        "data-undo",
    ],
)
def test_it_refuses_get_on_writes(mc, as_user, name):
    url, _, _, _ = _urls(mc)[name]
    assert as_user(mc.cast.member).get(url).status_code == 405


def test_it_is_404_for_a_map_that_does_not_exist(mc, as_user):
    assert as_user(mc.cast.admin).get(reverse("systemmaps:detail", args=[99999])).status_code == 404


def test_it_is_404_for_a_factor_of_another_map(mc, as_user):
    from joinedup.systemmaps import services

    other = services.system_map_create(situation=mc.cast.situation, user=mc.cast.member, title="Other")
    url = reverse("systemmaps:factor-edit", args=[other.pk, mc.voids.pk])
    assert as_user(mc.cast.member).get(url).status_code == 404


def test_it_shows_maps_in_the_admin_to_admins_only(mc, as_user):
    url = reverse("admin:systemmaps_factor_changelist")
    assert as_user(mc.cast.admin).get(url).status_code == 200
    assert as_user(mc.cast.member).get(url).status_code in (302, 403)
