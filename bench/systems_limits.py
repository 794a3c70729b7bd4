"""Hostile maps (finding 8): how fast a 60,000-factor GraphML is refused, and a big map analysed in a job.

    .venv/bin/python bench/systems_limits.py [--only-cli]

On a fresh SQLite database (WAL, the embedded default) in a temporary directory:
1. the command line (`joinedup systems analyse`, a fresh process each time) and the site's import view (Django's
   test client, warmed) refusing a 60,000-factor GraphML: a compact one (1.3 MB, under the size limit, refused
   by the factor count) and a 5 MB one (refused by its size);
2. a 5,000-factor, 20,000-link map (limits raised for it) analysed by the background job in a separate worker
   process (its time and peak memory), while this process fetches the map's page again and again (latency).
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="systems-limits-bench-"))
DATABASE_URL = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
os.environ.setdefault("AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

from bench.systems import random_map  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from joinedup.accounts.models import User  # noqa: E402
from joinedup.jobs.models import Job  # noqa: E402
from joinedup.situations.models import Perspective, Situation  # noqa: E402
from joinedup.situations.services import situation_create  # noqa: E402
from joinedup.systemmaps.models import MapAnalysis, SystemMap  # noqa: E402
from joinedup.systemmaps.services import system_map_import  # noqa: E402

JOINEDUP = ROOT / ".venv" / "bin" / "joinedup"
WORKER = """
import json, os, resource, time
import django
django.setup()
from joinedup.jobs.services import job_run_next
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
job = job_run_next(worker="bench")
print(json.dumps({"seconds": time.perf_counter() - start, "status": job.status if job else None,
                  "error": job.error if job else "", "rss_before_kb": before,
                  "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def graphml(factors: int, label: str = "") -> bytes:
    lines = [
        '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n',
        '<key id="label" for="node" attr.name="label"/>\n<graph edgedefault="directed">\n',
    ]
    for i in range(factors):
        data = f'<data key="label">{label}{i}</data>' if label else ""
        lines.append(f'<node id="n{i}">{data}</node>\n')
    lines.append("</graph>\n</graphml>\n")
    return "".join(lines).encode()


def stats(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s, best {min(times):.3f} s, worst {max(times):.3f} s"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CLI_CPU: list[float] = []


def cli_refusals(path: Path, repeat: int = 5) -> tuple[list[float], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYSTEMMAPS_")}
    times, said = [], ""
    CLI_CPU.clear()
    for _ in range(repeat):
        cpu = children_cpu()
        start = time.perf_counter()
        out = subprocess.run(
            [str(JOINEDUP), "systems", "analyse", str(path), "--out", str(WORK / "a.json")],
            capture_output=True,
            text=True,
            env=env,
        )
        times.append(time.perf_counter() - start)
        CLI_CPU.append(children_cpu() - cpu)
        assert out.returncode != 0 and not (WORK / "a.json").exists()
        said = out.stderr.strip().splitlines()[-1]
    return times, said


def site_refusals(
    client: Client, situation: Situation, data: bytes, repeat: int = 5
) -> tuple[list[float], str]:
    url = reverse("systemmaps:import", args=[situation.pk])
    times, said = [], ""
    for _ in range(repeat):
        upload = {"title": "Hostile", "format": "graphml", "file": SimpleUploadedFile("huge.graphml", data)}
        start = time.perf_counter()
        response = client.post(url, upload)
        times.append(time.perf_counter() - start)
        body = response.content.decode()
        said = next(
            (line.strip() for line in body.splitlines() if "limit is" in line),
            f"status {response.status_code}",
        )
    assert not SystemMap.objects.filter(title="Hostile").exists()
    return times, said


def page_latency_during_job(client: Client, url: str) -> tuple[dict, list[float], list[str]]:
    """Start a worker process on the queued analysis; fetch the page until the worker ends."""
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    times, seen = [], []
    while worker.poll() is None:
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
        body = response.content.decode()
        status = body.split('id="analysis-status">')[1].split("</div>")[0]
        seen.append(" ".join(status.split())[:120])
        time.sleep(0.2)
    out, err = worker.communicate()
    if worker.returncode:
        raise RuntimeError(err)
    return json.loads(out.strip().splitlines()[-1]), times, seen


def main() -> None:
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; database {WORK}")
    call_command("migrate", verbosity=0)
    compact, padded = graphml(60_000), graphml(60_000, label="A factor with a longer label, number ")
    (WORK / "huge.graphml").write_bytes(compact)
    (WORK / "huge-5mb.graphml").write_bytes(padded)
    print(f"files: 60,000 factors, {len(compact) / 1e6:.1f} MB and {len(padded) / 1e6:.1f} MB")

    print("1. the command line refusing (a fresh `joinedup` process each time, 5 runs)")
    small = WORK / "small.graphml"
    small.write_bytes(graphml(3))
    start_only, start_cpu = [], []
    for _ in range(5):
        cpu = children_cpu()
        start = time.perf_counter()
        subprocess.run(
            [str(JOINEDUP), "systems", "convert", str(small), "--out", str(WORK / "s.json")],
            check=True,
            capture_output=True,
        )
        start_only.append(time.perf_counter() - start)
        start_cpu.append(children_cpu() - cpu)
    print(
        f"  baseline, a 3-factor file converted: {stats(start_only)}; CPU median {statistics.median(start_cpu):.2f} s"
    )
    for path in (WORK / "huge.graphml", WORK / "huge-5mb.graphml"):
        times, said = cli_refusals(path)
        print(
            f"  {path.name}: {stats(times)}; CPU median {statistics.median(CLI_CPU):.2f} s\n    said: {said}"
        )
    start = time.perf_counter()
    try:
        call_command("systems", "analyse", str(WORK / "huge.graphml"), "--out", str(WORK / "a.json"))
    except Exception as err:  # CommandError, as expected
        print(
            f"  in-process (call_command), huge.graphml: {time.perf_counter() - start:.3f} s ({type(err).__name__})"
        )
    if "--only-cli" in sys.argv:
        return

    print("2. the site's import view refusing (test client, warmed, 5 runs)")
    user = User.objects.create_user(email="bench@example.gov.uk", password="x" * 20, name="Bench")
    situation = situation_create(
        created_by=user, title="Bench", framing="Bench", perspective=Perspective.LOCAL
    )
    client = Client()
    client.force_login(user)
    client.get(reverse("systemmaps:import", args=[situation.pk]))
    for name, data in (("huge.graphml", compact), ("huge-5mb.graphml", padded)):
        times, said = site_refusals(client, situation, data)
        print(f"  {name}: {stats(times)}\n    said: {said}")

    print("3. a 5,000-factor, 20,000-link map analysed by the background job")
    cmap = random_map(5_000, 20_000, seed=3)
    with override_settings(SYSTEMMAPS_MAX_FACTORS=5_000, SYSTEMMAPS_MAX_LINKS=20_000):
        start = time.perf_counter()
        system_map = system_map_import(situation=situation, user=user, title="Big", cmap=cmap)
        print(f"  import (service, in one transaction): {time.perf_counter() - start:.2f} s")
    url = system_map.get_absolute_url()
    assert Job.objects.filter(kind="systemmaps.analyse", status="queued").count() == 1
    # Hold the queued job back while the page is timed alone: run_after in the future, then due again.
    Job.objects.filter(kind="systemmaps.analyse").update(run_after="2999-01-01T00:00:00Z")
    before = [time.perf_counter() - t0 for t0 in [time.perf_counter()] if client.get(url).status_code == 200]
    for _ in range(2):
        t0 = time.perf_counter()
        client.get(url)
        before.append(time.perf_counter() - t0)
    print(f"  map page, no analysis yet, job waiting: {stats(before)}")
    Job.objects.filter(kind="systemmaps.analyse").update(run_after=None)
    result, during, seen = page_latency_during_job(client, url)
    print(
        f"  job: {result['status']} in {result['seconds']:.1f} s; worker peak RSS "
        f"{result['rss_peak_kb'] / 1024:.0f} MB ({result['rss_before_kb'] / 1024:.0f} MB before the job)"
    )
    print(f"  map page during the job ({len(during)} requests): {stats(during)}")
    for text in dict.fromkeys(seen):
        print(f"    page said: {text}")
    analysis = MapAnalysis.objects.get(system_map=system_map)
    print(
        f"  published: {analysis.factor_count:,} factors, {analysis.link_count:,} links, "
        f"{len(json.dumps(analysis.report)) / 1e6:.1f} MB report, {analysis.report['loop_search']['summary']}"
    )
    after = []
    for _ in range(3):
        t0 = time.perf_counter()
        client.get(url)
        after.append(time.perf_counter() - t0)
    print(f"  map page showing the published analysis: {stats(after)}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
