"""How fast the drawing editor opens a map of 300 factors and 1,500 links.

    .venv/bin/python bench/systems_editor.py

Two parts, both measured here: the server building the editor's JSON (including the seeded layout for
factors never placed), on a fresh SQLite database; and headless chromium drawing that JSON with the
vendored Cytoscape.js until its first render. Their sum is the time to open the editor, less the network.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="systems-editor-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
os.environ.setdefault("AXES_ENABLED", "false")
# The real editor page is served from inside Playwright's route handler, which runs in its event loop; the bench is
# one thread, so Django's guard against database calls from async code does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from bench.systems import random_map  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from joinedup.accounts.models import User  # noqa: E402
from joinedup.situations.models import Perspective  # noqa: E402
from joinedup.situations.services import situation_create  # noqa: E402
from joinedup.systemmaps.services import system_map_import  # noqa: E402

CYTOSCAPE = ROOT / "src" / "joinedup" / "static" / "vendor" / "cytoscape.min.js"
CHROMIUM = os.environ.get("JOINEDUP_CHROMIUM", "/usr/bin/chromium")
# The editor's drawing (map-editor.js): its styles, preset positions, then fitted to the canvas as the editor does.
# `hide` is what map-editor.js now does (labels under 10 screen pixels not drawn, straight links except a pair
# going both ways, textureOnViewport); without it, the editor as it was. Both are timed in the same run.
DRAW = """async ([payload, hide]) => {
  const start = performance.now()
  const colours = {central: '#1d70b8', local: '#00703c', community: '#a0470d', other: '#4c2c92', '': '#505a5f'}
  const ends = new Set(payload.links.map(l => l.source + '>' + l.target))
  const elements = payload.factors.map(f => ({group: 'nodes', data: {id: 'f' + f.id, label: f.label, colour: colours[f.owner || ''], ground: f.ground ? 1 : 0}, position: {x: f.x, y: f.y}}))
    .concat(payload.links.map(l => ({group: 'edges', data: {id: 'l' + l.id, source: 'f' + l.source, target: 'f' + l.target, polarity: l.polarity, sign: l.polarity === '-' ? '\u2212' : '+', twin: ends.has(l.target + '>' + l.source)}})))
  const small = hide ? {'min-zoomed-font-size': 10} : {}
  const style = [
    {selector: 'node', style: {'background-color': 'data(colour)', label: 'data(label)', width: 28, height: 28, 'text-valign': 'bottom', 'text-margin-y': 6, 'font-size': 14, color: '#0b0c0c', 'border-width': 1, 'border-color': '#0b0c0c', 'text-wrap': 'wrap', 'text-max-width': 140, ...small}},
    {selector: 'node[ground = 1]', style: {'border-width': 5, 'border-style': 'double'}},
    {selector: 'edge', style: {width: 2, 'curve-style': hide ? 'straight' : 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#0b0c0c', 'target-arrow-color': '#0b0c0c', label: 'data(sign)', 'font-size': 16, 'font-weight': 'bold', 'text-background-color': '#ffffff', 'text-background-opacity': 1, ...small}},
    {selector: 'edge[?twin]', style: {'curve-style': 'bezier'}},
    {selector: 'edge[polarity = "-"]', style: {'line-style': 'dashed', 'line-color': '#d4351c', 'target-arrow-color': '#d4351c', color: '#d4351c'}}]
  const cy = cytoscape({container: document.getElementById('c'), elements, style, layout: {name: 'preset', fit: false, animate: false},
    textureOnViewport: hide && elements.length > 400, wheelSensitivity: 0.3, boxSelectionEnabled: false, maxZoom: 3, minZoom: 0.1})
  cy.fit(undefined, 40)
  if (cy.zoom() > 1) { cy.zoom(1); cy.center() }
  await new Promise(resolve => cy.one('render', resolve))
  return performance.now() - start
}"""


def page_times(client: Client, url: str, repeat: int = 3) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - start)
    return times


def build() -> tuple[Client, str]:
    call_command("migrate", verbosity=0)
    user = User.objects.create_user(email="bench@example.gov.uk", password="x" * 20, name="Bench")
    situation = situation_create(
        created_by=user, title="Bench", framing="Bench", perspective=Perspective.LOCAL
    )
    system_map = system_map_import(
        situation=situation, user=user, title="Bench", cmap=random_map(300, 1500, seed=1)
    )
    client = Client()
    client.force_login(user)
    return client, reverse("systemmaps:data", args=[system_map.pk])


def server_times(client: Client, url: str, repeat: int = 5) -> tuple[list[float], dict]:
    times, payload = [], {}
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        payload = response.json()
    return times, payload


def draw_times(payload: dict, repeat: int = 5) -> dict[bool, list[float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        times: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(repeat):
            for hide in (False, True):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_content('<div id="c" style="width: 900px; height: 650px"></div>')
                page.add_script_tag(path=str(CYTOSCAPE))
                times[hide].append(page.evaluate(DRAW, [payload, hide]) / 1000)
                page.close()
        browser.close()
    return times


def editor_page_times(client: Client, data_url: str, repeat: int = 5) -> list[float]:
    """The real editor page in headless chromium: from navigation to Cytoscape's first render of the map,
    with map-editor.js as served. Every request the page makes (HTML, static files, the map's JSON) is
    answered in-process by Django's test client, so the figure includes the server's work but no network."""
    from django.contrib.staticfiles import finders
    from playwright.sync_api import sync_playwright

    editor = data_url.removesuffix("data/") + "editor/"

    def answer(route: Any) -> None:
        path = "/" + route.request.url.split("/", 3)[3]
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/").split("?")[0])
            body = Path(str(found)).read_bytes() if found else b""
            kind = "text/javascript" if path.endswith(".js") else "text/css" if path.endswith(".css") else ""
            route.fulfill(status=200 if found else 404, body=body, headers={"Content-Type": kind})
            return
        response = client.get(path)
        route.fulfill(status=response.status_code, body=response.content, headers=dict(response.headers))

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("http://bench.test/**", answer)
            page.goto("http://bench.test" + editor)
            # Polled with evaluate (the page's CSP forbids the eval that wait_for_function's polling uses).
            rendered = 0.0
            for _ in range(3000):
                rendered = page.evaluate("(window.joinedupMapEditor || {}).firstRender || 0")
                if rendered:
                    break
                page.wait_for_timeout(20)
            times.append(rendered / 1000)
            page.close()
        browser.close()
    return times


def main() -> None:
    try:
        client, url = build()
        server, payload = server_times(client, url)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        print("editor data for 300 factors, 1,500 links (none placed yet; median and best of 5)")
        size = len(json.dumps(payload)) / 1e3
        print(
            f"  server JSON (with layout): {statistics.median(server):6.3f} s, best {min(server):.3f} s ({size:.0f} kB)"
        )
        detail = page_times(client, url.removesuffix("data/"))
        print(
            f"  the map's page (tables, loops, leverage): {statistics.median(detail):6.3f} s, best {min(detail):.3f} s"
        )
        if not Path(CHROMIUM).exists():
            print(f"  drawing: skipped, no chromium at {CHROMIUM}")
            return
        draws = draw_times(payload)
        for hide, name in ((False, "as it was (every label drawn)"), (True, "now (small labels hidden)")):
            draw = draws[hide]
            print(
                f"  Cytoscape first render, {name}: {statistics.median(draw):6.3f} s, best {min(draw):.3f} s"
            )
            total, best = statistics.median(server) + statistics.median(draw), min(server) + min(draw)
            print(f"  editor opens in about:     {total:6.3f} s, best {best:.3f} s")
        print(
            f"  first render, as it was / now: {statistics.median(draws[False]) / statistics.median(draws[True]):.1f}x"
        )
        real = editor_page_times(client, url)
        print(
            f"  the real editor page, navigation to first render: {statistics.median(real):6.3f} s, "
            f"best {min(real):.3f} s"
        )
        # A map drawn in the editor has its positions stored: "Tidy the layout" stores them for every factor.
        tidy = client.post(url + "tidy/", content_type="application/json")
        assert tidy.status_code == 200, tidy.status_code
        placed, _ = server_times(client, url)
        real = editor_page_times(client, url)
        print(
            f"  with positions stored: server JSON {statistics.median(placed):6.3f} s; the real editor page "
            f"{statistics.median(real):6.3f} s, best {min(real):.3f} s"
        )
        print(f"machine load average after: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
