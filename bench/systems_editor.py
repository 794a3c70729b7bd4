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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="systems-editor-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
os.environ.setdefault("AXES_ENABLED", "false")

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
DRAW = """async (payload) => {
  const start = performance.now()
  const elements = payload.factors.map(f => ({group: 'nodes', data: {id: 'f' + f.id, label: f.label}, position: {x: f.x, y: f.y}}))
    .concat(payload.links.map(l => ({group: 'edges', data: {id: 'l' + l.id, source: 'f' + l.source, target: 'f' + l.target}})))
  const cy = cytoscape({container: document.getElementById('c'), elements, layout: {name: 'preset'},
    style: [{selector: 'node', style: {label: 'data(label)'}}, {selector: 'edge', style: {'curve-style': 'bezier', 'target-arrow-shape': 'triangle'}}]})
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


def draw_times(payload: dict, repeat: int = 5) -> list[float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        times = []
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_content('<div id="c" style="width: 900px; height: 650px"></div>')
            page.add_script_tag(path=str(CYTOSCAPE))
            times.append(page.evaluate(DRAW, payload) / 1000)
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
        draw = draw_times(payload)
        print(f"  Cytoscape first render:    {statistics.median(draw):6.3f} s, best {min(draw):.3f} s")
        total, best = statistics.median(server) + statistics.median(draw), min(server) + min(draw)
        print(f"  editor opens in about:     {total:6.3f} s, best {best:.3f} s")
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
