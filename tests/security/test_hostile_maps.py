"""Finding 8, hostile maps: a member uploads a huge or malicious map file, or grows a map without end.

Every way in (site import, `joinedup systems`, the forms and the editor) refuses past the limits with a message
naming the limit, early; the analysis never takes memory quadratic in the map; big maps are analysed by a
background job that publishes once, or nothing. Wall-clock bounds here are generous sanity checks only: the
real figures are in docs/benchmarks/systems.md.
"""

import json
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from joinedup.engine.systems import CausalMap, Factor, Link, MapError, analyse, formats
from joinedup.engine.systems.analysis import micmac
from joinedup.engine.systems.formats import LimitExceeded, Limits
from joinedup.engine.systems.picture import render_svg
from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.services import jobs_run_all
from joinedup.systemmaps import services
from joinedup.systemmaps.models import MapAnalysis, SystemMap
from tests.systemmaps.conftest import build_map_cast

HEAD = '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
KEYS = '<key id="label" for="node" attr.name="label"/><key id="polarity" for="edge" attr.name="polarity"/>\n'


def _forget_jobs():
    """Start from no jobs: their tasks go too, or a worker would run tasks whose jobs are gone."""
    Job.objects.all().delete()
    DBTaskResult.objects.all().delete()


def graphml(factors: int, links: int = 0, *, label: str = "", pad: int = 0) -> bytes:
    """A GraphML map of `factors` nodes (ids n0…), a chain of `links` edges, optional labels and padding.

    Labels are `label` with its end replaced by the node's number, so they keep its length and differ (a map
    may not have two factors of the same name)."""
    lines = [HEAD, KEYS, '<graph edgedefault="directed">\n']
    for i in range(factors):
        data = f'<data key="label">{label[: -len(str(i))]}{i}</data>' if label else ""
        lines.append(f'<node id="n{i}">{data}</node>\n')
    for i in range(links):
        a, b = i % factors, (i // factors + i + 1) % factors
        lines.append(f'<edge source="n{a}" target="n{b}"><data key="polarity">+</data></edge>\n')
    lines.append(f"<!-- {'x' * pad} -->\n" if pad else "")
    lines.append("</graph>\n</graphml>\n")
    return "".join(lines).encode()


HUGE = graphml(60_000)  # about 1.3 MB: under the size limit, so the factor count is what stops it

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="a"><data key="label">&lol9;</data></node>
</graph></graphml>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE g [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="a"><data key="label">&secret;</data></node>
</graph></graphml>
"""


# --- the readers (engine) ---------------------------------------------------------------------------------


def test_it_refuses_60000_factors_at_the_first_factor_past_the_limit() -> None:
    start = time.perf_counter()
    with pytest.raises(LimitExceeded) as refused:
        formats.read_graphml(HUGE, name="huge.graphml")
    assert time.perf_counter() - start < 5
    (problem,) = refused.value.problems
    assert str(problem) == (
        "huge.graphml line 2005: more than 2,000 factors: the limit is 2,000 factors per map"
    )


def test_it_refuses_an_oversized_file_before_parsing_it() -> None:
    oversized = graphml(3, pad=2_100_000)
    with pytest.raises(LimitExceeded, match=r"map.graphml: the file is 2.1 MB; the limit is 2.0 MB"):
        formats.read_graphml(oversized, name="map.graphml")
    not_even_xml = b"<" * 2_000_001  # refused by size, so never parsed (it would not be well-formed)
    with pytest.raises(LimitExceeded, match="the limit is 2.0 MB"):
        formats.read_graphml(not_even_xml)


def test_it_refuses_too_many_links() -> None:
    with pytest.raises(LimitExceeded, match="more than 10,000 links: the limit is 10,000 links per map"):
        formats.read_graphml(graphml(200, 10_001))
    assert len(formats.read_graphml(graphml(200, 10_000)).links) == 10_000


def test_it_refuses_too_long_labels_naming_each() -> None:
    with pytest.raises(MapError) as refused:
        formats.read_graphml(graphml(2, label="x" * 201), name="long.graphml")
    assert [str(p) for p in refused.value.problems] == [
        f"long.graphml line {n} (node 'n{i}'): the label is 201 characters long; the limit is 200 characters"
        for i, n in ((0, 5), (1, 6))
    ]
    assert formats.read_graphml(graphml(2, label="x" * 200)).factors[0].label == "x" * 199 + "0"


@pytest.mark.parametrize("bomb", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_it_refuses_xml_entity_tricks(bomb: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(MapError, match="DOCTYPE declarations are not accepted"):
        formats.read_graphml(bomb)
    assert time.perf_counter() - start < 1


def test_it_bounds_kumu_and_csv_files_too() -> None:
    elements = [{"_id": f"e{i}", "label": f"E{i}"} for i in range(2_001)]
    with pytest.raises(LimitExceeded, match="the limit is 2,000 factors per map"):
        formats.read_kumu_json(json.dumps({"elements": elements, "connections": []}))
    with pytest.raises(MapError, match="nested too deeply"):
        formats.read_kumu_json("[" * 1_000_000)
    factors = "id,label\n" + "".join(f"f{i},F{i}\n" for i in range(2_001))
    with pytest.raises(LimitExceeded, match=r"factors.csv line 2002: more than 2,000 factors"):
        formats.read_csv(factors, "source,target,polarity\n")
    with pytest.raises(LimitExceeded, match="elements.csv line 2002: more than 2,000 factors"):
        formats.read_kumu_csv(factors.replace("id,label", "ID,Label"), "From,To\n")


def test_it_takes_the_limits_it_is_given() -> None:
    small = Limits(max_bytes=10_000, max_factors=3, max_links=2, max_label=5)
    with pytest.raises(LimitExceeded, match="the limit is 3 factors"):
        formats.read_graphml(graphml(4), limits=small)
    with pytest.raises(LimitExceeded, match="the limit is 2 links"):
        formats.read_graphml(graphml(3, 3), limits=small)
    with pytest.raises(MapError, match="the limit is 5 characters"):
        formats.read_graphml(graphml(2, label="longer"), limits=small)


# --- the analysis (engine): memory grows with the map, not its square --------------------------------------


def sparse_map(n: int, links_per_factor: int, seed: int = 0) -> CausalMap:
    rng = random.Random(seed)
    factors = [Factor(f"f{i}", f"Factor {i}", rng.choice(("central", "local", None))) for i in range(n)]
    pairs = {(i, (i + 1 + rng.randrange(n - 1)) % n) for i in range(n) for _ in range(links_per_factor)}
    links = [Link(f"f{a}", f"f{b}", rng.choice("+-")) for a, b in sorted(pairs)]
    return CausalMap.build(factors, links)


def test_micmac_on_20000_factors_never_builds_a_factors_squared_matrix() -> None:
    cmap = sparse_map(20_000, 2)
    tracemalloc.start()
    try:
        influence, dependence = micmac(cmap)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The dense version allocated 20,000² float64s (3.2 GB) at once; now a sparse matrix and a few vectors.
    assert peak < 20_000_000, peak
    assert influence.shape == dependence.shape == (20_000,)


ANALYSE_20000 = """
import json, random, resource, time
from joinedup.engine.systems import CausalMap, Factor, Link, analyse
rng = random.Random(0)
n = 20_000
factors = [Factor(f"f{i}", f"Factor {i}", rng.choice(("central", "local", None))) for i in range(n)]
pairs = {(i, (i + 1 + rng.randrange(n - 1)) % n) for i in range(n)}
links = [Link(f"f{a}", f"f{b}", rng.choice("+-")) for a, b in sorted(pairs)]
cmap = CausalMap.build(factors, links)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = analyse(cmap, max_length=4, max_loops=2_000, time_limit=1.0)
print(json.dumps({"before_kb": before, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "seconds": time.perf_counter() - start, "ranked": len(result.leverage)}))
"""


def test_the_whole_analysis_of_20000_factors_completes_within_memory() -> None:
    """In a fresh interpreter, so its peak memory is its own: the old MICMAC alone needed 3.2 GB here."""
    out = subprocess.run(
        [sys.executable, "-c", ANALYSE_20000], capture_output=True, text=True, check=True, timeout=300
    )
    figures = json.loads(out.stdout)
    assert figures["ranked"] == 20_000
    assert figures["peak_kb"] - figures["before_kb"] < 400_000, figures  # well under one dense matrix


def test_it_cuts_the_centres_chains_but_keeps_their_length() -> None:
    n = 1_000  # one long chain from a central factor: whole chains would hold n²/2 ids
    factors = [Factor(f"f{i}", f"F{i}", "central" if i == 0 else None) for i in range(n)]
    links = [Link(f"f{i}", f"f{i + 1}", "+") for i in range(n - 1)]
    reach = analyse(CausalMap.build(factors, links), max_length=2).reach
    last = reach.reached[-1]
    assert last.factor == f"f{n - 1}" and last.steps == n and len(last.path) == 40
    assert last.path[:3] == ("f0", "f1", "f2")


# --- the site and the command line -----------------------------------------------------------------------


def _upload(client, situation, data: bytes, fmt: str = "graphml"):
    url = reverse("systemmaps:import", args=[situation.pk])
    upload = {"title": "Hostile", "format": fmt, "file": SimpleUploadedFile("huge.graphml", data)}
    return client.post(url, upload)


@pytest.mark.django_db
def test_the_site_refuses_a_60000_factor_upload_naming_the_limit(client) -> None:
    mc = build_map_cast()
    client.force_login(mc.cast.member)
    client.get(reverse("systemmaps:import", args=[mc.cast.situation.pk]))  # warm: URLs, templates
    start = time.perf_counter()
    response = _upload(client, mc.cast.situation, HUGE)
    elapsed = time.perf_counter() - start
    body = response.content.decode()
    assert response.status_code == 200 and elapsed < 5, elapsed
    assert "more than 2,000 factors: the limit is 2,000 factors per map" in body
    assert not SystemMap.objects.filter(title="Hostile").exists()


@pytest.mark.django_db
def test_the_site_refuses_an_oversized_file_by_its_size(client) -> None:
    mc = build_map_cast()
    client.force_login(mc.cast.member)
    body = _upload(client, mc.cast.situation, graphml(3, pad=2_100_000)).content.decode()
    assert "The file is 2.1 MB; the limit is 2.0 MB per map file" in body
    response = _upload(client, mc.cast.situation, b"x" * 4_200_000)  # the request itself is too big
    assert response.status_code == 413
    assert "The upload is 4.2 MB; the limit is 2.0 MB per map file." in response.content.decode()
    assert not SystemMap.objects.filter(title="Hostile").exists()


@pytest.mark.django_db
def test_the_site_refuses_long_labels_too_many_links_and_bombs(client) -> None:
    mc = build_map_cast()
    client.force_login(mc.cast.member)
    for data, words in [
        (graphml(2, label="x" * 300), "the label is 300 characters long; the limit is 200 characters"),
        (graphml(200, 10_001), "more than 10,000 links: the limit is 10,000 links per map"),
        (BILLION_LAUGHS, "DOCTYPE declarations are not accepted"),
    ]:
        assert words in _upload(client, mc.cast.situation, data).content.decode()
    assert not SystemMap.objects.filter(title="Hostile").exists()


@pytest.mark.django_db
def test_the_site_takes_its_limits_from_settings(client, settings) -> None:
    settings.SYSTEMMAPS_MAX_FACTORS = 10
    mc = build_map_cast()
    client.force_login(mc.cast.member)
    body = _upload(client, mc.cast.situation, graphml(11)).content.decode()
    assert "the limit is 10 factors per map" in body


def test_the_command_line_refuses_a_60000_factor_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.graphml"
    path.write_bytes(HUGE)
    start = time.perf_counter()
    with pytest.raises(CommandError, match="more than 2,000 factors: the limit is 2,000 factors per map"):
        call_command("systems", "analyse", str(path), "--out", str(tmp_path / "a.json"))
    assert time.perf_counter() - start < 5
    assert not (tmp_path / "a.json").exists()


def test_the_command_line_refuses_a_big_file_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.graphml"
    path.write_bytes(b"<" * 50_000_000)
    start = time.perf_counter()
    with pytest.raises(CommandError, match=r"big.graphml: the file is 50.0 MB; the limit is 2.0 MB"):
        call_command("systems", "convert", str(path), "--out", str(tmp_path / "m.json"))
    assert time.perf_counter() - start < 5


# --- growing a map one factor or link at a time ------------------------------------------------------------


@pytest.mark.django_db
def test_the_forms_stop_a_map_growing_past_its_limits(client, settings) -> None:
    mc = build_map_cast()  # 3 factors, 4 links
    settings.SYSTEMMAPS_MAX_FACTORS, settings.SYSTEMMAPS_MAX_LINKS = 3, 4
    client.force_login(mc.cast.member)
    pk = mc.system_map.pk
    response = client.post(reverse("systemmaps:factor-add", args=[pk]), {"label": "One more"})
    assert "This map has reached the limit of 3 factors." in response.content.decode()
    response = client.post(
        reverse("systemmaps:data-factors", args=[pk]), {"label": "One more"}, content_type="application/json"
    )
    assert response.status_code == 400 and "limit of 3 factors" in response.json()["errors"]["__all__"]
    form = {"source": mc.targets.pk, "target": mc.crime.pk, "polarity": "+", "strength": 1}
    response = client.post(reverse("systemmaps:link-add", args=[pk]), form)
    assert "This map has reached the limit of 4 links." in response.content.decode()
    assert mc.system_map.factors.count() == 3 and mc.system_map.links.count() == 4


@pytest.mark.django_db
def test_undo_cannot_take_a_map_past_its_limits(settings) -> None:
    mc = build_map_cast()
    services.link_delete(link=mc.link, user=mc.cast.member)
    services.link_add(
        system_map=mc.system_map, user=mc.cast.member, source=mc.targets, target=mc.crime, polarity="+"
    )
    settings.SYSTEMMAPS_MAX_LINKS = 4
    removal = mc.system_map.changes.get(action="link_delete")
    with pytest.raises(services.UndoRefused, match="limit of 4 links"):
        services.change_undo(change=removal, user=mc.cast.member)


# --- big maps are analysed in the background ----------------------------------------------------------------


@pytest.fixture
def big(db, settings):
    """The cast's map counts as big: it is analysed by the job, not in the request."""
    settings.SYSTEMMAPS_INLINE_MAX_FACTORS = 2
    return build_map_cast()


def _page(client, mc) -> str:
    client.force_login(mc.cast.member)
    return client.get(mc.system_map.get_absolute_url()).content.decode()


def test_a_big_map_page_queues_the_analysis_instead_of_computing_it(big, client) -> None:
    _forget_jobs()  # the edits that built the map queued one; start from none
    body = _page(client, big)
    assert "Analysis waiting to start." in body and "Feedback loops" not in body
    assert Job.objects.filter(kind=services.ANALYSIS_JOB, status=JobStatus.QUEUED).count() == 1
    _page(client, big)  # debounced: a second view does not queue a second job
    assert Job.objects.filter(kind=services.ANALYSIS_JOB).count() == 1
    response = client.get(reverse("systemmaps:export", args=[big.system_map.pk, "analysis.json"]))
    assert response.status_code == 409 and b"still running" in response.content


def test_the_job_publishes_once_and_the_page_shows_it(big, client) -> None:
    _forget_jobs()
    _page(client, big)
    assert jobs_run_all() == 1
    (analysis,) = MapAnalysis.objects.all()
    assert analysis.factor_count == 3 and analysis.link_count == 4
    assert Job.objects.get(kind=services.ANALYSIS_JOB).result["analysis_id"] == analysis.pk
    body = _page(client, big)
    assert "2 loops: every loop of up to 8 links." in body
    assert "more Empty homes → more Street crime → more Empty homes" in body
    assert "Analysis waiting" not in body and "has changed since" not in body
    assert Job.objects.filter(kind=services.ANALYSIS_JOB).count() == 1  # current: nothing more queued
    exported = client.get(reverse("systemmaps:export", args=[big.system_map.pk, "analysis.json"]))
    assert json.loads(exported.content)["loop_search"]["loops_found"] == 2


def test_an_edit_queues_one_debounced_analysis_and_the_old_one_stays_shown(big, client) -> None:
    _forget_jobs()
    _page(client, big)
    jobs_run_all()
    for label in ("Trust", "Footfall", "Lighting"):
        services.factor_add(system_map=big.system_map, user=big.cast.member, label=label)
    queued = Job.objects.filter(kind=services.ANALYSIS_JOB, status=JobStatus.QUEUED)
    assert queued.count() == 1 and DBTaskResult.objects.get(id=queued.get().task_id).run_after is not None
    body = _page(client, big)
    assert "2 loops: every loop of up to 8 links." in body and "the map has changed since" in body
    assert "Analysis waiting to start." in body


def test_a_failing_job_publishes_nothing_and_shows_why(big, client, settings) -> None:
    _forget_jobs()
    settings.SYSTEMMAPS_ANALYSIS_TIME_LIMIT = -1  # every step is past the limit
    _page(client, big)
    jobs_run_all()
    assert not MapAnalysis.objects.exists()
    job = Job.objects.get(kind=services.ANALYSIS_JOB)
    assert job.status == JobStatus.FAILED and "took longer than its limit" in job.error
    body = _page(client, big)
    assert "The latest analysis did not finish:" in body and "nothing was published" in body
    assert Job.objects.filter(kind=services.ANALYSIS_JOB).count() == 1  # not requeued until the map changes


def test_a_job_that_crashes_publishes_nothing(big, client, monkeypatch) -> None:
    _forget_jobs()

    def broken(*args, **kwargs):
        raise RuntimeError("engine fault")

    monkeypatch.setattr(services.map_analysis, "leverage_rank", broken)
    _page(client, big)
    jobs_run_all()
    assert not MapAnalysis.objects.exists()
    job = Job.objects.get(kind=services.ANALYSIS_JOB)
    assert job.status == JobStatus.FAILED and "engine fault" in job.error
    assert "engine fault" in _page(client, big)


@pytest.mark.django_db
def test_a_big_maps_page_lists_its_tables_a_page_at_a_time(client, settings) -> None:
    settings.SYSTEMMAPS_INLINE_MAX_FACTORS = 100
    mc = build_map_cast()
    cmap = CausalMap.build([Factor(f"f{i}", f"Factor {i}") for i in range(350)], [])
    big = services.system_map_import(situation=mc.cast.situation, user=mc.cast.member, title="Big", cmap=cmap)
    client.force_login(mc.cast.member)
    body = client.get(big.get_absolute_url()).content.decode()
    assert "Factors 1–200 of 350" in body and ">Factor 199<" not in body.split("Factors 1–200")[1]
    assert body.count("/edit/") == 200 and "Analysis waiting to start." in body
    assert "too many factors for one menu" in body and "What if it goes up?" in body
    second = client.get(big.get_absolute_url(), {"factors_page": 2}).content.decode()
    assert "Factors 201–350 of 350" in second and "Factor 349" in second


def test_the_picture_of_a_map_at_the_limits_is_drawn_in_linear_time() -> None:
    """The map page's picture is drawn on every view: a spring layout of 2,000 factors took 20 s of CPU."""
    cmap = sparse_map(2_000, 5)
    start = time.process_time()
    svg = render_svg(cmap)
    assert time.process_time() - start < 10
    assert svg.startswith("<svg") and svg.count("<line") + svg.count("<path") >= len(cmap.links)
