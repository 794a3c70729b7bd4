"""Lesson search on held-out queries: quality on the test halves of bench/data/search, the floor, latency.

    .venv/bin/python bench/search_heldout.py                    # quality + floor, test halves only
    .venv/bin/python bench/search_heldout.py --calibrate        # fusion weight + floor, from the tuning halves
    .venv/bin/python bench/search_heldout.py --distractors 520  # the same among 520 generated distractors
    .venv/bin/python bench/search_heldout.py --lessons 10000 --set close  # latency at 10,000 lessons

Builds a throwaway SQLite database and imports the passages as published lessons through the real import path
(keyword index, stored vectors), then runs every query through the real `lesson_search` in each mode.

Protocol: three judged query sets over the same 106 passages (SETS: strict, natural, close), each query's half
fixed in its file, and two sets written after the weight and the floor were fixed, held out whole (FRESH: a
third writer's natural queries; FRESH_OFFTOPIC: off-topic queries from another writer), scored once. Figures are reported on the **test halves only**; the character weight of the fusion and
the floor are chosen on the tuning halves of all sets and the tuning off-topic queries
(`engine.relevance.choose_char_weight` and `calibrate_floor` refuse test ids). Off-topic rejection is
reported on the test off-topic half (the tuning half is shown too, labelled as calibration data).

--lessons N (> passages) adds synthesised lessons made by perturbing the passages (sentences shuffled and
dropped, a place and an opening added); their stored vectors are the source passage's vector plus noise,
renormalised (embedding 10,000 lessons three times each takes most of an hour on two shared cores; search time
does not depend on the values). The judged passages and every query are embedded by the model.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import learning  # noqa: E402
import learning_corpus  # noqa: E402
from joinedup.engine.relevance import (  # noqa: E402
    OFFTOPIC_KINDS,
    Floor,
    JudgedSet,
    Query,
    Weight,
    calibrate_floor,
    check_held_out,
    choose_char_weight,
    load_judged_set,
    mean_shared_words,
    reciprocal_rank,
    score_rankings,
)

DATA = Path(__file__).resolve().parent / "data" / "search"
MODES = ("keyword", "semantic", "chars", "hybrid")
TUNE, TEST = "tune", "test"
# The judged query sets over the same passages, hardest first; each keeps its own fixed halves.
SETS = {"strict": "queries.tsv", "natural": "queries-v3.tsv", "close": "queries-v1.tsv"}
DESCRIPTIONS = {
    "strict": "written by an outside writer who saw only the passages, avoiding every word of its passage",
    "natural": "written by another outside writer as users ask, field terms allowed, no copied phrasing",
    "close": "written by the ranker's authors beside the passages (too close: kept for comparison)",
}
# Written after the fusion weight and the floor were fixed, by writers who saw only passages.tsv; every query is
# in the test half (engine.relevance.check_held_out refuses a tuning query or a repeat of one).
FRESH = {"fresh": "queries-v4.tsv"}
FRESH_OFFTOPIC = "offtopic-v2.tsv"
DESCRIPTIONS["fresh"] = (
    "written by a third outside writer as users ask, after the weight and floor were fixed"
)
# Candidate character weights for the fusion, tried on the tuning halves.
WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)


def passage_rows(judged: JudgedSet) -> list[dict[str, str]]:
    return [{"ref": p.id, "title": p.title, "body": p.body} for p in judged.passages]


def synthesised(judged: JudgedSet, count: int, seed: int) -> list[dict[str, str]]:
    """`count` lessons (ref S-00001 …) perturbed from the passages; deterministic for the seed."""
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        source = rng.choice(judged.passages)
        sentences = [s.strip() for s in source.body.split(". ") if s.strip()]
        rng.shuffle(sentences)
        if len(sentences) > 1:
            sentences.pop()
        opening = rng.choice(learning_corpus.OPENINGS).format(
            area=rng.choice(learning_corpus.AREAS), place=rng.choice(learning_corpus.PLACES)
        )
        body = opening + " " + ". ".join(sentences).rstrip(".") + "."
        title = f"{source.title} ({rng.choice(learning_corpus.PLACES)})"
        rows.append({"ref": f"S-{number:05d}|{source.id}", "title": title, "body": body})
    return rows


def use_perturbed_vectors(seed: int, noise: float = 0.05) -> None:
    """Synthesised lessons (ref S-…|Pnnn) get their source passage's vector plus noise, not the model's."""
    import numpy as np

    from joinedup.learning import search

    real = search.lesson_vectors
    rng = np.random.default_rng(seed)
    cache: dict[str, np.ndarray] = {}

    def vectors(model, lessons):  # type: ignore[no-untyped-def]
        out = np.zeros((len(lessons), 384), dtype=np.float32)
        judged = [i for i, lesson in enumerate(lessons) if not lesson.ref.startswith("S-")]
        if judged:
            out[judged] = real(model, [lessons[i] for i in judged])
            for i in judged:
                cache[lessons[i].ref] = out[i]
        for i, lesson in enumerate(lessons):
            if lesson.ref.startswith("S-"):
                base = cache[lesson.ref.split("|")[1]]
                v = base + rng.standard_normal(384).astype(np.float32) * noise
                out[i] = v * (np.linalg.norm(base) / np.linalg.norm(v))
        return out

    search.lesson_vectors = vectors


def run_queries(
    queries: list[Query], mode: str, *, floor: bool, limit: int = 10
) -> tuple[dict[str, list[str]], list[float]]:
    """{query id: ranked refs} and the time of each search (ms, query vector not cached)."""
    from joinedup.learning import search
    from joinedup.learning.selectors import lesson_search

    rankings, times = {}, []
    for query in queries:
        search._embed_query.cache_clear()
        started = time.perf_counter()
        result = lesson_search(query=query.text, mode=mode, limit=limit, floor=floor)
        times.append((time.perf_counter() - started) * 1000)
        rankings[query.id] = [hit.lesson.ref.split("|")[-1] for hit in result.hits]
    return rankings, times


def scores_by_passage(queries: list[Query]) -> tuple[list[str], dict[str, tuple[list[float], list[float]]]]:
    """Passage refs in index order, and {query id: (semantic cosines, character n-gram cosines)} from the live
    index, one per passage: what the fusion weight and the floor are chosen from."""
    from joinedup.learning import search
    from joinedup.learning.models import Lesson

    index = search.semantic_index()
    refs = dict(Lesson.objects.filter(pk__in=index.ids.tolist()).values_list("pk", "ref"))
    order = [refs[int(i)] for i in index.ids]
    out = {}
    for query in queries:
        semantic = index.similarities(index.embed(query.text)).tolist()
        out[query.id] = (semantic, index.char_scores(query.text).tolist())
    return order, out


def calibrated(sets: dict[str, JudgedSet]) -> tuple[Weight, Floor]:
    """The fusion weight and the floor, from the tuning halves of every set and the tuning off-topic queries
    (test ids are refused by both)."""
    judged_sets = list(sets.values())
    tune = [q for judged in judged_sets for q in judged.half(TUNE)]
    noise = judged_sets[0].half(TUNE, offtopic=True)
    order, scores = scores_by_passage(tune + noise)
    tuning_scores = {q.id: scores[q.id] for q in tune}
    weight = choose_char_weight(judged_sets, tuning_scores, order, WEIGHTS)
    position = {ref: i for i, ref in enumerate(order)}
    answers = {q.id: max(scores[q.id][0][position[p]] for p in q.relevant) for q in tune}
    best = {q.id: max(scores[q.id][0]) for q in noise}
    merged = JudgedSet(judged_sets[0].passages, tuple(tune), tuple(noise))
    return weight, calibrate_floor(merged, answers, best)


def calibrate(sets: dict[str, JudgedSet]) -> None:
    from joinedup.engine.search import fusion_char_weight, relevance_floor
    from joinedup.learning.search import semantic_backend_name

    backend = semantic_backend_name()
    weight, floor = calibrated(sets)
    print(f"tuning halves of: {', '.join(f'{name} ({len(j.half(TUNE))})' for name, j in sets.items())}")
    print("character weight: mean tuning MRR@10 over the sets for each candidate")
    for w, mrr in weight.mrr_by_candidate.items():
        print(f"  {w:<5} {mrr:.3f}{'  <- chosen' if w == weight.value else ''}")
    print(f"floor {floor.value:.4f}: tuning answers lost {floor.answers_lost:.1%}, "
          f"tuning off-topic kept {floor.offtopic_kept:.1%} ({len(floor.used_ids)} tuning queries used)")  # fmt: skip
    print(
        f"in the code for {backend}: weight {fusion_char_weight(backend)}, floor {relevance_floor(backend)}"
    )


def rank_fusion(
    queries: list[Query], floor: float | None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The previous hybrid, for comparison: reciprocal rank fusion (k = 60) of the three modes' top 100,
    without and with the floor (both from one pass over the rankers)."""
    from joinedup.engine.search import reciprocal_rank_fusion

    lists = [
        run_queries(queries, mode, floor=False, limit=100)[0] for mode in ("keyword", "semantic", "chars")
    ]
    order, scores = scores_by_passage(queries)
    plain, cut = {}, {}
    for query in queries:
        kept = {r for r, s in zip(order, scores[query.id][0], strict=True) if floor is None or s >= floor}
        fused = [ref for ref, _ in reciprocal_rank_fusion([ranked[query.id] for ranked in lists])]
        plain[query.id] = fused[:10]
        cut[query.id] = [r for r in fused if r in kept][:10]
    return plain, cut


def share(count: int, total: int) -> str:
    """count/total as a share with its Wilson 95 % interval: how far a figure on this many queries can be
    trusted."""
    from scipy.stats import binomtest

    ci = binomtest(count, total).proportion_ci(confidence_level=0.95, method="wilson")
    return f"{count}/{total} = {count / total:.1%} (95% interval {ci.low:.1%} to {ci.high:.1%})"


def difference(ours: list[float], theirs: list[float]) -> str:
    """Mean of the per-query differences, with a paired bootstrap 95 % interval (fixed seed)."""
    import numpy as np
    from scipy.stats import bootstrap

    diff = np.array(ours) - np.array(theirs)
    if not diff.any():
        return f"{0:+.3f} (identical on every query)"
    ci = bootstrap(
        (diff,), np.mean, n_resamples=5000, method="percentile", random_state=0
    ).confidence_interval
    return f"{diff.mean():+.3f} [{ci.low:+.3f}, {ci.high:+.3f}]"


def per_query(rankings: dict[str, list[str]], queries: list[Query]) -> list[float]:
    return [reciprocal_rank(rankings[q.id], q.relevant) for q in queries]


def quality_of(name: str, judged: JudgedSet) -> None:
    from joinedup.engine.search import relevance_floor
    from joinedup.learning.search import semantic_backend_name

    test = judged.half(TEST)
    floor = relevance_floor(semantic_backend_name())
    print(f"\n== {name}: {DESCRIPTIONS[name]}")
    print(f"{len(test)} test queries; share of a query's words found in its passage: "
          f"{mean_shared_words(judged, test):.1%}")  # fmt: skip
    print(f"{'mode (test half)':<28}{'MRR@10':>8}{'R@10':>7}{'MRR@10 with floor':>19}")
    results = {}
    for mode in MODES:
        unfloored, _ = run_queries(test, mode, floor=False)
        floored, _ = run_queries(test, mode, floor=mode != "keyword")
        results[mode] = (unfloored, floored)
        plain, cut = score_rankings(unfloored, test), score_rankings(floored, test)
        print(f"{mode:<28}{plain.mrr:>8.3f}{plain.recall:>7.3f}{cut.mrr:>19.3f}")
    fused, fused_cut = rank_fusion(test, floor)
    before, before_cut = score_rankings(fused, test), score_rankings(fused_cut, test)
    print(
        f"{'rank fusion (the old hybrid)':<28}{before.mrr:>8.3f}{before.recall:>7.3f}{before_cut.mrr:>19.3f}"
    )
    print("hybrid minus each mode, mean per-query reciprocal rank [paired bootstrap 95% interval]:")
    for mode in ("keyword", "semantic", "chars"):
        plain = difference(per_query(results["hybrid"][0], test), per_query(results[mode][0], test))
        cut = difference(per_query(results["hybrid"][1], test), per_query(results[mode][1], test))
        print(f"  {mode:<10} no floor {plain:<28} floor on both {cut}")
    plain = difference(per_query(results["hybrid"][0], test), per_query(fused, test))
    cut = difference(per_query(results["hybrid"][1], test), per_query(fused_cut, test))
    print(f"  {'rank fusion':<10} no floor {plain:<28} floor on both {cut}")
    unfloored, floored = results["hybrid"]
    lost = [q.id for q in test if set(unfloored[q.id]) & q.relevant and not set(floored[q.id]) & q.relevant]
    print(f"test queries whose answer the floor removes (hybrid): {share(len(lost), len(test))}")
    tune = judged.half(TUNE)
    if tune:
        tuned, _ = run_queries(tune, "hybrid", floor=False)
        print(f"(training-set figure) tuning half hybrid MRR@10: {score_rankings(tuned, tune).mrr:.3f}")


def rejected(noise: list[Query]) -> tuple[list[Query], str]:
    """The off-topic queries that still got lessons (hybrid, with the floor), and the rejections by kind."""
    got, _ = run_queries(noise, "hybrid", floor=True)
    kept = [q for q in noise if got[q.id]]
    by_kind = ", ".join(
        f"{kind} {sum(1 for q in noise if q.kind == kind and q not in kept)}/{sum(1 for q in noise if q.kind == kind)}"
        for kind in OFFTOPIC_KINDS
    )
    return kept, by_kind


def offtopic(judged: JudgedSet, fresh: JudgedSet) -> None:
    print("\n== off-topic and nonsense queries, hybrid with the floor")
    held_out: list[Query] = []
    halves = [
        ("test half", judged.half(TEST, offtopic=True), "held out"),
        ("tuning half", judged.half(TUNE, offtopic=True), "calibration data, not a result"),
        ("fresh set", fresh.half(TEST, offtopic=True), "held out, written after the floor was fixed"),
    ]
    for label, noise, what in halves:
        kept, by_kind = rejected(noise)
        if what.startswith("held out"):
            held_out += noise
        print(f"{label} ({what}): rejected {share(len(noise) - len(kept), len(noise))}; {by_kind}")
        print(f"  still answered: {[q.text for q in kept]}")
    kept, by_kind = rejected(held_out)
    print(
        f"all held-out off-topic queries: rejected {share(len(held_out) - len(kept), len(held_out))}; {by_kind}"
    )


def quality(sets: dict[str, JudgedSet], fresh: dict[str, JudgedSet]) -> None:
    from joinedup.engine.search import fusion_char_weight, relevance_floor
    from joinedup.learning.search import semantic_backend_name

    backend = semantic_backend_name()
    first = next(iter(sets.values()))
    print(f"passages: {len(first.passages)}  backend: {backend}  character weight: "
          f"{fusion_char_weight(backend)}  floor: {relevance_floor(backend)}")  # fmt: skip
    for name, judged in (*sets.items(), *fresh.items()):
        quality_of(name, judged)
    offtopic(first, next(iter(fresh.values())))


def latency(judged: JudgedSet, repeat: int) -> None:
    queries = (judged.half(TEST) + judged.half(TEST, offtopic=True)) * repeat
    print(f"{'mode':<10}{'p50 ms':>9}{'p95 ms':>9}   ({len(queries)} searches each, cold query vectors)")
    for mode in MODES:
        run_queries(queries[:3], mode, floor=True)  # warm the index
        _, times = run_queries(queries, mode, floor=True)
        print(f"{mode:<10}{statistics.median(times):>9.1f}{statistics.quantiles(times, n=20)[-1]:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lessons", type=int, default=0, help="total lessons, passages plus synthesised")
    parser.add_argument(
        "--distractors", type=int, default=0, help="add this many generated distractor lessons, all embedded"
    )
    parser.add_argument(
        "--calibrate", action="store_true", help="the fusion weight and the floor, from the tuning halves"
    )
    parser.add_argument(
        "--set", choices=SETS, default="strict", help="the query set whose test half --lessons times"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2, help="passes over the queries when timing")
    parser.add_argument("--db", type=Path, help="keep the database here, and reuse it if it exists")
    args = parser.parse_args()
    sets = {name: load_judged_set(DATA, file) for name, file in SETS.items()}
    fresh = {name: load_judged_set(DATA, file, FRESH_OFFTOPIC) for name, file in FRESH.items()}
    for held_out in fresh.values():
        check_held_out(held_out, list(sets.values()))
    judged = sets["strict"]
    rows = passage_rows(judged) + synthesised(judged, max(args.lessons - len(judged.passages), 0), args.seed)
    rows += learning_corpus.distractors(args.distractors, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite3"
        reuse = db.exists()
        learning.setup_django(db)
        if args.lessons:
            use_perturbed_vectors(args.seed)
        seconds = 0.0 if reuse else learning.load(rows)
        print(f"lessons: {len(rows)} (import + index + embed {seconds:.1f} s)")
        started = time.perf_counter()
        from joinedup.learning import search

        search.semantic_index()
        print(f"index build (vectors + character n-grams): {time.perf_counter() - started:.1f} s")
        if args.calibrate:
            calibrate(sets)
        elif args.lessons:
            latency(sets[args.set], args.repeat)
        else:
            quality(sets, fresh)


if __name__ == "__main__":
    main()
