"""Every page's <title> reads "Page – Joined Up": the page's own name first, an en dash, then the service.

The walk visits every route of the site (the permission matrix's routes and objects) as four people, and the
error pages, and checks the title of each HTML page it is shown.
"""

import re

import pytest
from django.test import Client

from tests.security.test_permission_matrix import _client, _site_routes, _url_for
from tests.security.world import World, build_world

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# The page's own name, then " – Joined Up"; the name is not empty and does not name the service itself.
GOOD = re.compile(r"^(?!Joined Up)\S.*\S – Joined Up$|^\S – Joined Up$")


@pytest.fixture
def world(db, settings) -> World:
    settings.JOINEDUP_REQUIRE_2FA = False
    settings.AXES_ENABLED = False
    return build_world()


def _title(html: str) -> str:
    found = TITLE.search(html)
    return " ".join(found.group(1).split()) if found else "(no <title>)"


def test_it_titles_every_page_with_its_name_then_the_service(world):
    bad, seen = [], 0
    for name in _site_routes():
        url = _url_for(world, name)
        for role in ("anonymous", "outsider", "member", "lead", "admin"):
            response = _client(world, role).get(url)
            if response.status_code in (301, 302, 303, 405) or "text/html" not in response.get(
                "Content-Type", ""
            ):
                continue
            seen += 1
            title = _title(response.content.decode())
            if not GOOD.match(title):
                bad.append(f"{name} ({url}) as {role}: {title!r}")
    assert seen > 100, f"only {seen} pages walked"
    assert not bad, "titles not in the form 'Page – Joined Up':\n" + "\n".join(sorted(set(bad)))


@pytest.mark.django_db
def test_it_titles_the_error_pages_the_same_way():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert _title(response.content.decode()) == "Page not found – Joined Up"
