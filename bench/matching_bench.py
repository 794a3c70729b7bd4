"""Matching benchmarks: speed, exactness, baselines, repeats and secondments. Prints the figures for
docs/benchmarks/matching.md.

    .venv/bin/python bench/matching_bench.py                  # everything, 100,000 people
    .venv/bin/python bench/matching_bench.py --people 20000   # a quicker run
    .venv/bin/python bench/matching_bench.py --only secondments

The people come from bench/matching_data.py (the import-people columns, half central, half local).
"""

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from joinedup.engine.matching.features import build_features
from joinedup.engine.matching.model import settings_for
from joinedup.engine.matching.rounds import run_round
from joinedup.engine.matching.secondments import blocking_pairs, deferred_acceptance, is_valid_allocation
from joinedup.engine.matching.solve import greedy
from joinedup.engine.matching.vectors import TextEncoder, auto_vectoriser, encode_people
from joinedup.matching.csvio import load_regions, read_people

sys.path.insert(0, str(Path(__file__).resolve().parent))
from matching_data import write as write_people  # noqa: E402  (a sibling script, not a package)

JOINEDUP = str(Path(sys.executable).with_name("joinedup"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--only", choices=("round", "dense", "repeats", "secondments"))
    parser.add_argument("--csv", type=Path, help="an existing people.csv (from export-people) for the round")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-matching-"))
    print(f"# matching benchmark, scratch files in {work}")
    if args.only in (None, "round"):
        bench_round(work, args.people, args.k, args.csv)
    if args.only in (None, "dense"):
        bench_dense(work, 5_000)
    if args.only in (None, "repeats"):
        bench_repeats(work, 10_000, rounds=10)
    if args.only in (None, "secondments"):
        bench_secondments()


def bench_round(work: Path, n: int, k: int, csv_path: Path | None = None) -> None:
    """The CLI on n people: wall time and peak memory, then exactness on its own edges and the baselines."""
    people_csv, pairs_csv, edges_csv = csv_path or work / "people.csv", work / "pairs.csv", work / "edges.csv"
    if csv_path is None:
        write_people(people_csv, n, seed=1)
        print(f"generated {n} people with bench/matching_data.py --seed 1")
    else:
        print(f"people from {csv_path}")
    command = [JOINEDUP, "match", "run", "--kind", "coffee", "--people", str(people_csv), "--out", str(pairs_csv),
               "--candidates-out", str(edges_csv), "--k", str(k), "--seed", "1"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = after.ru_maxrss / 1024
    print(f"\n## coffee round from the CSV, {n} people, k={k}\n$ {' '.join(command)}\n{done.stdout}")
    print(
        f"wall time {seconds:.1f} s, CPU time {cpu:.1f} s (both include start-up and writing "
        f"{edges_csv.stat().st_size / 1e6:.0f} MB of edges)"
    )
    print(f"peak memory {peak_mb:.0f} MB")
    exactness(pairs_csv, edges_csv, people_csv)
    baselines(people_csv, pairs_csv, edges_csv)


SECTOR_OF: dict[str, str] = {}


def exactness(pairs_csv: Path, edges_csv: Path, people_csv: Path) -> None:
    """Re-solve the edges.csv the solver saw, independently, with scipy's exact sparse assignment."""
    SECTOR_OF.update({r["id"]: r["sector"] for r in read_csv(people_csv)})
    ids, a, b, w = read_edges(edges_csv)
    ours = sum(float(r["score"]) for r in read_csv(pairs_csv))
    start = time.perf_counter()
    best = scipy_optimum(a, b, w)
    print(f"total score {ours:.3f}; scipy's exact optimum on the same {len(w)} edges {best:.3f} "
          f"(gap {100 * (best - ours) / best:.5f}%, re-solved in {time.perf_counter() - start:.1f} s)")  # fmt: skip


def scipy_optimum(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> float:
    """Maximum-weight matching value with scipy's `maximize=True`, each left vertex given a private dummy column
    of (almost) zero weight so that a full matching always exists; read from the CSV, not the engine's arrays."""
    left, right = np.unique(a), np.unique(b)
    li, ri = np.searchsorted(left, a), np.searchsorted(right, b)
    keep = w > 0
    nl, nr = len(left), len(right)
    rows = np.r_[li[keep], np.arange(nl)]
    cols = np.r_[ri[keep], nr + np.arange(nl)]
    weight = np.r_[w[keep], np.full(nl, 1e-9)]
    graph = sp.csr_matrix((weight, (rows, cols)), shape=(nl, nr + nl))
    r, c = min_weight_full_bipartite_matching(graph, maximize=True)
    values = np.asarray(graph[r, c]).ravel()
    return float(values[values > 1e-6].sum())


def baselines(people_csv: Path, pairs_csv: Path, edges_csv: Path) -> None:
    """Greedy on the same edges; random cross-line pairing under the same hard rules, scored the same way."""
    people = [p for p, _ in read_people(people_csv)]
    settings = settings_for("coffee", seed=1)
    encoder = TextEncoder(auto_vectoriser(len(people)), dims=settings.text_dims, seed=1)
    offers, seeks, _ = encode_people(people, encoder)
    features = build_features(people, offers, seeks, settings, load_regions())
    index = {p.id: i for i, p in enumerate(people)}
    ids, a, b, w = read_edges(edges_csv)
    ga, gb = greedy(a, b, w)
    greedy_total = float(
        features.scores(
            np.asarray([index[ids[x]] for x in ga]), np.asarray([index[ids[y]] for y in gb])
        ).sum()
    )
    pairs = read_csv(pairs_csv)
    ours_a = np.asarray([index[r["person_a"]] for r in pairs])
    ours_b = np.asarray([index[r["person_b"]] for r in pairs])
    ours_total = float(features.scores(ours_a, ours_b).sum())
    ra, rb = random_pairs(features, seed=1)
    random_total = float(features.scores(ra, rb).sum())
    print(f"ours {ours_total:.1f} vs greedy {greedy_total:.1f} ({ours_total / greedy_total:.4f}x) "
          f"vs random cross-line {random_total:.1f} ({ours_total / random_total:.2f}x)")  # fmt: skip
    print(f"pairs sharing a policy area or place: ours {share(people, ours_a, ours_b):.1%}, "
          f"random {share(people, ra, rb):.1%}; pairs ours {len(ours_a)}, greedy {len(ga)}, random {len(ra)}")  # fmt: skip


def random_pairs(features, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Coffee roulette: shuffle each side, pair in order, drop pairs that break a rule (same organisation)."""
    rng = np.random.default_rng(seed)
    central = rng.permutation(np.flatnonzero(features.sector == 0))
    local = rng.permutation(np.flatnonzero(features.sector == 1))
    n = min(len(central), len(local))
    a, b = central[:n], local[:n]
    ok = features.allowed(a, b)
    return a[ok], b[ok]


def share(people, a: np.ndarray, b: np.ndarray) -> float:
    hits = sum(
        bool(
            set(people[x].policy_areas) & set(people[y].policy_areas)
            or set(people[x].places) & set(people[y].places)
        )
        for x, y in zip(a.tolist(), b.tolist(), strict=True)
    )
    return hits / max(len(a), 1)


def bench_dense(work: Path, n: int) -> None:
    """On n people, the top-k graph's optimum against the dense exact optimum over all central × local pairs."""
    people_csv = work / f"people-{n}.csv"
    write_people(people_csv, n, seed=2)
    people = [p for p, _ in read_people(people_csv)]
    regions = load_regions()
    print(f"\n## {n} people: top-k candidate graph against the dense optimum over all pairs")
    for k, search in ((50, "exact"), (50, "ivf"), (10, "exact")):
        settings = settings_for("coffee", k=k, seed=2, search=search, trios=False)
        result = run_round(people, settings, regions=regions)
        encoder = TextEncoder(auto_vectoriser(len(people)), dims=settings.text_dims, seed=2)
        offers, seeks, _ = encode_people(people, encoder)
        f = build_features(people, offers, seeks, settings, regions)
        central, local = np.flatnonzero(f.sector == 0), np.flatnonzero(f.sector == 1)
        dense = f.scores(np.repeat(central, len(local)), np.tile(local, len(central))).reshape(
            len(central), len(local)
        )
        allowed = f.allowed(np.repeat(central, len(local)), np.tile(local, len(central))).reshape(dense.shape)
        value = np.where(allowed, np.clip(dense, 0, None), 0.0)
        r, c = linear_sum_assignment(value, maximize=True)
        optimum = float(value[r, c].sum())
        print(f"k={k} search={search}: top-k total {result.total_score:.3f}, dense optimum {optimum:.3f}, "
              f"within {100 * (optimum - result.total_score) / optimum:.4f}%  ({result.stats['edges']} edges)")  # fmt: skip


def bench_repeats(work: Path, n: int, rounds: int) -> None:
    """Consecutive rounds on one population, each round's pairs added to the history: repeated pairs."""
    people_csv = work / f"people-{n}.csv"
    write_people(people_csv, n, seed=3)
    people = [p for p, _ in read_people(people_csv)]
    regions = load_regions()
    history: list[tuple[str, str]] = []
    seen: set[frozenset[str]] = set()
    repeats = 0
    print(f"\n## {rounds} consecutive rounds on {n} people")
    encoder = TextEncoder(auto_vectoriser(len(people)), seed=3)
    cache: dict = {}
    for round_number in range(1, rounds + 1):
        result = run_round(people, settings_for("coffee", seed=round_number), regions=regions, history=history,
                           encoder=encoder, cache=cache)  # fmt: skip
        cache = result.cache or {}
        pairs = [frozenset((p.a, p.b)) for p in result.pairs]
        repeats += len(set(pairs) & seen)
        seen.update(pairs)
        history.extend((p.a, p.b) for p in result.pairs)
        print(f"round {round_number}: {len(pairs)} pairs, total {result.total_score:.1f}, "
              f"text {result.stats['seconds_text']:.1f}s (cached after round 1)")  # fmt: skip
    print(f"repeated pairs over {rounds} rounds: {repeats}")


def bench_secondments() -> None:
    """Deferred acceptance: equal to the `matching` package where it solves; no blocking pair up to 10,000 × 500."""
    print("\n## secondments")
    try:
        from matching.games import HospitalResident
    except ImportError:  # the oracle is a dev dependency
        HospitalResident = None
    for n_apps, n_hosts, equal in (
        (1_000, 50, True),
        (2_000, 100, True),
        (3_000, 150, True),
        (10_000, 500, False),
    ):
        app_prefs, host_prefs, caps = instance(n_apps, n_hosts, seed=n_apps)
        start = time.perf_counter()
        ours = deferred_acceptance(app_prefs, host_prefs, caps)
        seconds = time.perf_counter() - start
        blocking = blocking_pairs(app_prefs, host_prefs, caps, ours)
        valid = is_valid_allocation(app_prefs, host_prefs, caps, ours)
        line = f"{n_apps} applicants x {n_hosts} hosts: placed {len(ours)}, {seconds:.2f} s, valid {valid}, blocking pairs {len(blocking)}"
        if equal and HospitalResident is not None:
            start = time.perf_counter()
            try:
                theirs = oracle(HospitalResident, app_prefs, host_prefs, caps)
                line += f"; matching package {time.perf_counter() - start:.1f} s, equal {theirs == ours}"
            except RecursionError:
                line += "; the matching package overflows Python's recursion limit here"
        print(line)


def instance(n_apps: int, n_hosts: int, seed: int):
    rng = np.random.default_rng(seed)
    hosts = [f"h{i}" for i in range(n_hosts)]
    apps = [f"a{i}" for i in range(n_apps)]
    app_prefs = {a: list(rng.choice(hosts, size=10, replace=False)) for a in apps}
    chose: dict[str, list[str]] = {h: [] for h in hosts}
    for a, prefs in app_prefs.items():
        for h in prefs:
            chose[h].append(a)
    # Hosts rank most (not all) of the applicants who chose them, in their own random order.
    host_prefs = {h: [x for x in rng.permutation(c).tolist() if rng.random() < 0.9] for h, c in chose.items()}
    caps = {h: int(rng.integers(1, 2 * n_apps // n_hosts)) for h in hosts}
    return app_prefs, host_prefs, caps


def oracle(game_class, app_prefs, host_prefs, caps) -> dict[str, str]:
    mutual_apps = {a: [h for h in p if a in set(host_prefs[h])] for a, p in app_prefs.items()}
    mutual_apps = {a: p for a, p in mutual_apps.items() if p}
    mutual_hosts = {h: [a for a in p if a in mutual_apps] for h, p in host_prefs.items()}
    mutual_hosts = {h: p for h, p in mutual_hosts.items() if p}
    game = game_class.create_from_dictionaries(mutual_apps, mutual_hosts, {h: caps[h] for h in mutual_hosts})
    return {r.name: h.name for h, residents in game.solve(optimal="resident").items() for r in residents}


def read_edges(path: Path) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    rows = read_csv(path)
    ids = sorted({r["person_a"] for r in rows} | {r["person_b"] for r in rows})
    index = {x: i for i, x in enumerate(ids)}
    a = np.asarray([index[r["person_a"]] for r in rows], dtype=np.int64)
    b = np.asarray([index[r["person_b"]] for r in rows], dtype=np.int64)
    w = np.asarray([float(r["score"]) for r in rows])
    # The graph is bipartite: put the central side (from the people file's sector column) on the left.
    central = np.asarray([SECTOR_OF[x] == "central" for x in ids])
    left = np.where(central[a], a, b)
    right = np.where(central[a], b, a)
    return ids, left, right, w


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


if __name__ == "__main__":
    main()
