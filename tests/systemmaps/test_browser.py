"""System maps in a real chromium, with the site's CSP in force: two members build a map together in the
drawing editor, the loop shows with its type, GraphML goes out and back in unchanged, a keyboard-only user
adds a link, and the pages pass axe-core (WCAG 2.2 A and AA)."""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from joinedup.situations.models import MemberRole, Perspective
from joinedup.situations.services import membership_add
from joinedup.systemmaps import services
from joinedup.systemmaps.models import SystemMap
from joinedup.systemmaps.selectors import system_map_to_engine
from tests import people_helpers as h
from tests.browser_support import AXE, CHROMIUM, screenshot, sign_in  # noqa: F401
from tests.people_helpers import PASSWORD
from tests.situations.personas import build_cast

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)),
        reason=f"browser tests skipped: no chromium at {CHROMIUM}",
    ),
]


@pytest.fixture
def cast(transactional_db):
    cast = build_cast()
    cast.frontline = h.person("frontline@example.gov.uk", "Fran Frontline", h.council())
    membership_add(
        situation=cast.situation,
        user=cast.frontline,
        perspective=Perspective.FRONTLINE,
        role=MemberRole.MEMBER,
    )
    return cast


@pytest.fixture
def new_page(browser, live_server):  # noqa: F811
    """Pages with the site's own CSP in force: the editor must work without inline script or style."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.js_errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


def check_accessible(page):
    html = page.request.get(page.url).text()  # as served: scripts may set styles later through the CSSOM
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script on " + page.url
    assert " style=" not in html, "style attribute on " + page.url
    page.evaluate(AXE.read_text())  # through DevTools, so the page's CSP does not block it
    result = page.evaluate(
        """async () => await axe.run('#main-content', {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})"""
    )
    problems = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
    ]
    assert not problems, f"axe found WCAG violations on {page.url}: {problems}"


def add_factor_in_editor(page, label, owner):
    page.fill("#factor-label", label)
    page.select_option("#factor-owner", owner)
    page.click("#factor-form button[type=submit]")
    page.wait_for_selector(f"#link-source option:text-is('{label}')", state="attached")


def test_two_members_build_a_map_and_see_its_loop(cast, new_page):
    system_map = services.system_map_create(
        situation=cast.situation, user=cast.member, title="Estates and crime"
    )
    editor = f"/maps/{system_map.pk}/editor/"

    mo = new_page()
    sign_in(mo, cast.member.email, PASSWORD)
    mo.goto(editor)
    mo.wait_for_selector("#map-status:has-text('0 factors')")
    add_factor_in_editor(mo, "Empty homes", "local")
    add_factor_in_editor(mo, "Street crime", "community")
    mo.select_option("#link-source", label="Empty homes")
    mo.select_option("#link-target", label="Street crime")
    mo.click("#link-form button[type=submit]")
    mo.wait_for_selector("#map-status:has-text('Saved')")

    fran = new_page()
    sign_in(fran, cast.frontline.email, PASSWORD)
    fran.goto(editor)
    fran.wait_for_selector("#map-status:has-text('2 factors and 1 links')")
    fran.select_option("#link-source", label="Street crime")
    fran.select_option("#link-target", label="Empty homes")
    fran.click("#link-form button[type=submit]")
    fran.wait_for_selector("#map-status:has-text('Linked Street crime to Empty homes')")
    assert mo.js_errors == [] and fran.js_errors == []
    mo.reload()
    mo.wait_for_selector("#map-status:has-text('2 factors and 2 links')")
    screenshot(mo, "system-map-editor")

    fran.goto(f"/maps/{system_map.pk}/")
    assert fran.get_by_text("more Empty homes → more Street crime → more Empty homes").is_visible()
    assert fran.locator("#loops ~ ol strong.govuk-tag").first.inner_text().strip() == "R1 Reinforcing"
    check_accessible(fran)
    screenshot(fran, "system-map")
    fran.goto(f"/maps/{system_map.pk}/changes/")
    assert fran.get_by_text("Fran Frontline").first.is_visible()
    assert fran.get_by_role("cell", name="Frontline staff").first.is_visible()

    # Out as GraphML and back in through the import page: the same map.
    graphml = fran.request.get(f"/maps/{system_map.pk}/export/map.graphml").body()
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"map-{system_map.pk}.graphml"
    path.write_bytes(graphml)
    fran.goto(f"/maps/situation/{cast.situation.pk}/import/")
    check_accessible(fran)
    fran.get_by_label("Title of the new map").fill("Round trip")
    fran.get_by_label("GraphML (.graphml)").check()
    fran.set_input_files("#id_file", str(path))
    fran.get_by_role("button", name="Import").click()
    fran.wait_for_url(re.compile(r"/maps/\d+/$"))
    copy = SystemMap.objects.get(title="Round trip")
    assert system_map_to_engine(copy) == system_map_to_engine(system_map)


def test_a_keyboard_only_user_adds_a_link(cast, new_page):
    system_map = services.system_map_create(situation=cast.situation, user=cast.member, title="Keyboard")
    services.factor_add(system_map=system_map, user=cast.member, label="Alpha")
    services.factor_add(system_map=system_map, user=cast.member, label="Beta")
    page = new_page()
    sign_in(page, cast.member.email, PASSWORD)
    page.goto(f"/maps/{system_map.pk}/links/add/")
    check_accessible(page)
    for _ in range(60):  # Tab from the top of the page to the first field, as a keyboard user would
        if page.evaluate("document.activeElement.id") == "id_source":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_source"
    page.keyboard.press("ArrowDown")  # Alpha
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Beta
    page.keyboard.press("Tab")  # the first polarity radio
    page.keyboard.press("ArrowDown")  # moves to, and chooses, "−"
    page.keyboard.press("Tab")  # the delay checkbox
    page.keyboard.press("Tab")  # strength, already 1
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_url(re.compile(rf"/maps/{system_map.pk}/(#links)?$"))
    link = system_map.links.get()
    assert (link.source.label, link.target.label, link.polarity) == ("Alpha", "Beta", "-")


def test_the_read_only_pages_are_accessible(cast, new_page):
    system_map = services.system_map_create(situation=cast.situation, user=cast.member, title="Checked")
    a = services.factor_add(system_map=system_map, user=cast.member, label="Alpha", owner="central")
    b = services.factor_add(system_map=system_map, user=cast.frontline, label="Beta", owner="local")
    services.link_add(system_map=system_map, user=cast.member, source=a, target=b, polarity="-")
    services.link_add(system_map=system_map, user=cast.member, source=b, target=a, polarity="+")
    page = new_page()
    sign_in(page, cast.member.email, PASSWORD)
    for path in [
        f"/maps/{system_map.pk}/",
        f"/maps/{system_map.pk}/?contributed=ground&factor={a.pk}",
        f"/maps/{system_map.pk}/factors/add/",
        f"/maps/{system_map.pk}/changes/",
        f"/maps/{system_map.pk}/editor/",
        f"/maps/situation/{cast.situation.pk}/",
    ]:
        assert page.goto(path).status == 200, path
        check_accessible(page)
    assert page.js_errors == []


def test_it_is_404_for_an_outsider(cast, new_page):
    system_map = services.system_map_create(situation=cast.situation, user=cast.member, title="Private map")
    page = new_page()
    sign_in(page, cast.outsider.email, PASSWORD)
    assert page.goto(f"/maps/{system_map.pk}/").status == 404
    assert "Private map" not in page.content()


def test_it_changes_a_link_in_the_editor_without_the_drawing(cast, new_page):
    system_map = services.system_map_create(situation=cast.situation, user=cast.member, title="Chooser")
    a = services.factor_add(system_map=system_map, user=cast.member, label="Alpha", x=0, y=0)
    b = services.factor_add(system_map=system_map, user=cast.member, label="Beta", x=200, y=0)
    link = services.link_add(system_map=system_map, user=cast.member, source=a, target=b, polarity="+")
    page = new_page()
    sign_in(page, cast.member.email, PASSWORD)
    page.goto(f"/maps/{system_map.pk}/editor/")
    page.wait_for_selector("#map-status:has-text('2 factors and 1 links')")
    page.select_option("#choose-element", label="Link: Alpha to Beta (+)")
    page.select_option("#selected-polarity", "-")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#map-status:has-text('Saved the link')")
    link.refresh_from_db()
    assert link.polarity == "-"
    page.get_by_role("button", name="Undo", exact=True).click()
    page.wait_for_selector("#map-status:has-text('Undone')")
    link.refresh_from_db()
    assert link.polarity == "+"
    assert page.js_errors == []


# Nine factors (distinct first letters, so a keyboard user picks each by typing it in a list) and twelve links
# making exactly two loops: R (Benefit delays → Arrears → Evictions → Crisis calls, all +, one slow) and
# B (Arrears ⇄ Debt advice, one −).
NINE = ["Arrears", "Benefit delays", "Crisis calls", "Debt advice", "Evictions", "Food bank use", "GP visits"]
NINE += ["Housing officers", "Income"]
TWELVE = [
    ("Benefit delays", "Arrears", "+", False),
    ("Arrears", "Evictions", "+", False),
    ("Crisis calls", "Benefit delays", "+", False),
    ("Arrears", "Debt advice", "+", False),
    ("Evictions", "Housing officers", "+", False),
    ("Crisis calls", "GP visits", "+", False),
    ("Food bank use", "GP visits", "+", False),
    ("Housing officers", "Food bank use", "+", False),
    ("Evictions", "Crisis calls", "+", True),
    ("Debt advice", "Arrears", "-", False),
    ("Income", "Food bank use", "-", False),
    ("Income", "Arrears", "-", False),
]


def saved_map(system_map):
    cmap = system_map_to_engine(system_map)
    factors = sorted(f.label for f in cmap.factors)
    links = sorted((cmap.label(lk.source), cmap.label(lk.target), lk.polarity, lk.delay) for lk in cmap.links)
    return factors, links


class Mouse:
    """Every mouse action the test takes goes through here, so they are counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)

    def scroll_to(self, selector):
        """One turn of the wheel, counted: brings the tools and the drawing into view together."""
        self.count += 1
        self.page.locator(selector).evaluate("el => el.scrollIntoView({block: 'start'})")

    def drag(self, source, target):
        self.count += 1
        box = self.page.locator("#map-canvas").bounding_box()
        at = self.page.evaluate(
            """([a, b]) => {
              const cy = window.joinedupMapEditor.cy
              const find = label => cy.nodes().filter(n => n.data('label') === label)[0].renderedPosition()
              return [find(a), find(b)]
            }""",
            [source, target],
        )
        (x1, y1), (x2, y2) = ((p["x"] + box["x"], p["y"] + box["y"]) for p in at)
        self.page.mouse.move(x1, y1)
        self.page.mouse.down()
        self.page.mouse.move(x2, y2, steps=6)
        self.page.mouse.up()
        self.page.wait_for_selector(f"#map-status:has-text('Linked {source} to {target}')")


def tab_to(page, element_id):
    for _ in range(150):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_nine_factor_map_by_mouse_and_again_by_keyboard_alone(cast, new_page):
    by_mouse = services.system_map_create(situation=cast.situation, user=cast.member, title="By mouse")
    by_keys = services.system_map_create(situation=cast.situation, user=cast.member, title="By keyboard")
    page = new_page()
    sign_in(page, cast.member.email, PASSWORD)

    page.goto(f"/maps/{by_mouse.pk}/editor/")
    page.wait_for_selector("#map-status:has-text('0 factors')")
    mouse = Mouse(page)
    mouse.click("#factor-label")
    for name in NINE:  # typed: the field keeps the focus after each Enter
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#map-status:has-text('Added “{name}”')")
    mouse.scroll_to("#undo-last")
    mouse.click("#zoom-fit")
    mouse.click("#draw-link")
    for source, target, polarity, delay in TWELVE:
        if delay:
            mouse.click("label[for=draw-delay]")
        if polarity == "-" and page.evaluate("document.getElementById('draw-plus').checked"):
            mouse.click("label[for=draw-minus]")
        mouse.drag(source, target)
        if delay:
            mouse.click("label[for=draw-delay]")
    assert mouse.count <= 30, mouse.count
    assert page.js_errors == []

    page.goto(f"/maps/{by_keys.pk}/editor/")
    page.wait_for_selector("#map-status:has-text('0 factors')")
    tab_to(page, "factor-label")
    for name in NINE:
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#map-status:has-text('Added “{name}”')")
    for source, target, polarity, delay in TWELVE:
        tab_to(page, "link-source")
        page.keyboard.press("Home")  # a closed list goes to its first option, then to the next one
        page.keyboard.type(source[0])  # starting with the letter typed
        page.keyboard.press("Tab")
        page.keyboard.press("Home")
        page.keyboard.type(target[0])
        page.keyboard.press("Tab")
        page.keyboard.press("Home")
        if polarity == "-":
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.checked") != delay:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#map-status:has-text('Linked {source} to {target}')")
    assert page.js_errors == []

    assert saved_map(by_mouse) == saved_map(by_keys)
    assert saved_map(by_keys)[1] == sorted(TWELVE)

    # The two loops, named and lit up on the map; the editor passes axe with one shown.
    # The loop list refreshes after each saved change: wait for the analysis of the finished map (a prompt and
    # two loops), not the first one that shows a loop.
    expect(page.locator("#loop-choice option")).to_have_count(3, timeout=15_000)
    options = page.locator("#loop-choice option").all_inner_texts()
    assert options[1:] == [
        "B1 balancing: more Arrears → more Debt advice → less Arrears",
        "R2 reinforcing: more Arrears → more Evictions → more Crisis calls → more Benefit delays → more Arrears",
    ]
    page.select_option("#loop-choice", index=2)
    page.wait_for_selector("#loop-story:has-text('R2 (reinforcing, with 1 delay')")
    lit = page.evaluate("window.joinedupMapEditor.cy.nodes('.in-loop').map(n => n.data('label')).sort()")
    assert lit == ["Arrears", "Benefit delays", "Crisis calls", "Evictions"]
    page.check("#show-boundary")
    check_accessible(page)

    # Rename in place (double-click), then undo and redo it from the keyboard, then undo it again.
    gp = page.evaluate(
        "window.joinedupMapEditor.cy.nodes().filter(n => n.data('label') === 'GP visits')[0].renderedPosition()"
    )
    page.locator("#map-canvas").scroll_into_view_if_needed()
    box = page.locator("#map-canvas").bounding_box()
    page.mouse.dblclick(gp["x"] + box["x"], gp["y"] + box["y"])
    page.keyboard.press("Control+a")
    page.keyboard.type("GP appointments")
    page.keyboard.press("Enter")
    page.wait_for_selector("#map-status:has-text('Saved “GP appointments”')")
    assert by_keys.factors.filter(label="GP appointments").exists()
    page.locator("h1").click()  # focus out of the form fields: the shortcuts are for the page
    page.keyboard.press("Control+z")
    page.wait_for_selector("#map-status:has-text('Undone')")
    page.keyboard.press("Control+y")
    page.wait_for_selector("#map-status:has-text('Redone')")
    assert by_keys.factors.filter(label="GP appointments").exists()
    page.keyboard.press("Control+z")
    page.wait_for_selector("#map-status:has-text('Undone')")
    assert not by_keys.factors.filter(label="GP appointments").exists()

    before = saved_map(by_keys)
    page.click("#tidy-layout")
    page.wait_for_selector("#map-status:has-text('Tidied and saved the layout')")
    assert saved_map(by_keys) == before and not by_keys.factors.filter(x=None).exists()
    # What if income went up? Arrears go down (a − link), and so, along the loops, do evictions and debt advice.
    page.select_option("#whatif-factor", label="Income")
    page.click("#whatif-up")
    page.wait_for_selector("#whatif-result li:has-text('Goes down')")
    down = page.locator("#whatif-result li").nth(1).inner_text()
    assert all(name in down for name in ("Arrears", "Evictions", "Debt advice")), down
    assert "A way to think, not a forecast" in page.inner_text("#whatif-result")
    page.click("#whatif-clear")
    page.locator("#map-editor").scroll_into_view_if_needed()
    screenshot(page, "system-map-editor")
    # Usable on a phone: nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("#map-status:has-text('9 factors and 12 links')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#map-canvas").scroll_into_view_if_needed()
    screenshot(page, "system-map-editor-phone")
    assert page.js_errors == []
