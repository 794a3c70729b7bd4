"""System-map analysis speed: 300 factors and 1,500 links, loops up to 8 links.

    .venv/bin/python bench/systems.py

Times the whole analysis (loops, leverage, cross-boundary links, centre's reach) and the JSON report, on
a random map with owners, and on a denser map where the loop count explodes (the bounded answer).
Baseline in the same run: networkx's simple_cycles(length_bound=8) enumerating the same loops.
"""

import json
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from joinedup.engine.systems import CausalMap, Factor, Link, analyse, analysis_to_dict, loops_find, what_if
from joinedup.engine.systems.formats import read_graphml, write_graphml
from joinedup.engine.systems.picture import render_svg

OWNERS = ("central", "local", "community", "other")


def random_map(n: int, m: int, seed: int) -> CausalMap:
    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            pairs.add((a, b))
    factors = [Factor(f"f{i}", f"Factor {i}", rng.choice(OWNERS)) for i in range(n)]
    links = [Link(f"f{a}", f"f{b}", rng.choice("+-")) for a, b in sorted(pairs)]
    return CausalMap.build(factors, links)


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Median wall-clock seconds of `repeat` runs; CPU seconds are kept in CPU_TIMES for the same runs."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU_TIMES.append(statistics.median(cpu))
    return statistics.median(times), result


CPU_TIMES: list[float] = []


def cpu() -> str:
    """The CPU seconds of the last timing: a busy machine stretches wall-clock time, much less CPU time."""
    return f"(CPU {CPU_TIMES[-1]:.3f} s)"


def networkx_cycles(cmap: CausalMap, cap: int) -> int:
    count = 0
    for _ in nx.simple_cycles(cmap.graph(), length_bound=8):
        count += 1
        if count >= cap:
            break
    return count


def main() -> None:
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    cmap = random_map(300, 1500, seed=1)
    print("map: 300 factors, 1,500 links (random, seed 1), loops up to 8 links; median of 3 runs")
    t_loops, search = timed(lambda: loops_find(cmap, max_length=8, max_loops=100_000))
    print(f"  loops only:            {t_loops:6.3f} s {cpu()}  {search.summary()}")
    t_all, result = timed(lambda: analyse(cmap, max_length=8))
    print(f"  full analysis:         {t_all:6.3f} s {cpu()}  ({len(result.boundary)} cross-boundary links)")
    t_json, text = timed(lambda: json.dumps(analysis_to_dict(cmap, result)))
    print(f"  JSON report:           {t_json:6.3f} s {cpu()}  ({len(text) / 1e6:.1f} MB)")
    t_nx, count = timed(lambda: networkx_cycles(cmap, len(search.loops)), repeat=1)
    print(
        f"  baseline networkx simple_cycles(length_bound=8), same {count:,} loops: {t_nx:6.3f} s "
        f"{cpu()} -> ours is {t_nx / t_loops:.0f}x faster"
    )
    t_what, answer = timed(lambda: what_if(cmap, "f0"))
    print(f"  what-if from one factor: {t_what:6.3f} s {cpu()}  (complete: {answer.complete})")
    t_io, _ = timed(lambda: read_graphml(write_graphml(cmap)))
    print(f"  GraphML write + read:  {t_io:6.3f} s {cpu()}")
    t_svg, _ = timed(lambda: render_svg(cmap))
    print(f"  SVG picture:           {t_svg:6.3f} s {cpu()}")

    dense = random_map(300, 3000, seed=2)
    print("dense map: 300 factors, 3,000 links (the loop count explodes)")
    t_dense, dense_result = timed(lambda: analyse(dense, max_length=8, max_loops=100_000))
    print(f"  full analysis, cap 100,000 loops: {t_dense:6.3f} s {cpu()}  {dense_result.loops.summary()}")
    t_limit, limited = timed(lambda: analyse(dense, max_length=8, max_loops=10**9, time_limit=1.0))
    print(f"  full analysis, 1 s loop time limit: {t_limit:6.3f} s {cpu()}  {limited.loops.summary()}")


if __name__ == "__main__":
    main()
