"""Lesson search on held-out queries: quality on the test half of bench/data/search, the relevance floor, latency.

    .venv/bin/python bench/search_heldout.py                  # quality + floor, test half only (106 passages)
    .venv/bin/python bench/search_heldout.py --calibrate      # the floor from the tuning half + tuning off-topic
    .venv/bin/python bench/search_heldout.py --distractors 520  # the same among 520 generated distractors
    .venv/bin/python bench/search_heldout.py --lessons 10000  # latency at 10,000 lessons (synthesised)

Builds a throwaway SQLite database and imports the passages as published lessons through the real import path
(keyword index, stored vectors), then runs every query through the real `lesson_search` in each mode.

Protocol: queries and passages are in bench/data/search/*.tsv with each query's half fixed in the file. Figures
are reported on the **test half only**; the floor is calibrated on the tuning half and the tuning off-topic
queries (`engine.relevance.calibrate_floor` refuses test ids). Off-topic rejection is reported on the test
off-topic half (the tuning half is shown too, labelled as calibration data).

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
    Floor,
    JudgedSet,
    Query,
    calibrate_floor,
    load_judged_set,
    score_rankings,
)

DATA = Path(__file__).resolve().parent / "data" / "search"
MODES = ("keyword", "semantic", "chars", "hybrid")


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


def run_queries(queries: list[Query], mode: str, *, floor: bool) -> tuple[dict[str, list[str]], list[float]]:
    """{query id: ranked refs} and the time of each search (ms, query vector not cached)."""
    from joinedup.learning import search
    from joinedup.learning.selectors import lesson_search

    rankings, times = {}, []
    for query in queries:
        search._embed_query.cache_clear()
        started = time.perf_counter()
        result = lesson_search(query=query.text, mode=mode, limit=10, floor=floor)
        times.append((time.perf_counter() - started) * 1000)
        rankings[query.id] = [hit.lesson.ref.split("|")[-1] for hit in result.hits]
    return rankings, times


def similarities(queries: list[Query]) -> dict[str, dict[str, float]]:
    """{query id: {passage ref: cosine}} from the live index: what the floor is compared with."""
    from joinedup.learning import search
    from joinedup.learning.models import Lesson

    index = search.semantic_index()
    refs = dict(Lesson.objects.filter(pk__in=index.ids.tolist()).values_list("pk", "ref"))
    out = {}
    for query in queries:
        sims = index.similarities(index.embed(query.text))
        out[query.id] = {refs[int(i)]: float(s) for i, s in zip(index.ids, sims, strict=True)}
    return out


def calibrated(judged: JudgedSet) -> tuple[Floor, dict[str, float], dict[str, float]]:
    """The floor from the tuning half and the tuning off-topic queries (test ids are refused)."""
    tune, noise = judged.half("tune"), judged.half("tune", offtopic=True)
    sims = similarities(tune + noise)
    answers = {q.id: max(sims[q.id][p] for p in q.relevant) for q in tune}
    best = {q.id: max(sims[q.id].values()) for q in noise}
    return calibrate_floor(judged, answers, best), answers, best


def calibrate(judged: JudgedSet) -> None:
    floor, answers, best = calibrated(judged)
    print(f"floor {floor.value:.4f}: tuning answers lost {floor.answers_lost:.1%}, "
          f"tuning off-topic kept {floor.offtopic_kept:.1%} ({len(floor.used_ids)} tuning queries used)")  # fmt: skip
    print("tuning answers, lowest:", sorted(answers.values())[:5])
    print("tuning off-topic, highest:", sorted(best.values())[-5:])


def quality(judged: JudgedSet) -> None:
    from joinedup.engine.search import relevance_floor
    from joinedup.learning import search
    from joinedup.learning.search import semantic_backend_name

    test, tune = judged.half("test"), judged.half("tune")
    print(f"passages: {len(judged.passages)}  queries: {len(tune)} tuning / {len(test)} test  "
          f"off-topic: {len(judged.half('tune', offtopic=True))} tuning / {len(judged.half('test', offtopic=True))} test  "
          f"backend: {semantic_backend_name()}  floor: {relevance_floor(semantic_backend_name())}")  # fmt: skip
    print(f"{'mode (test half, no floor)':<30}{'MRR@10':>8}{'R@10':>7}")
    unfloored = {}
    for mode in MODES:
        unfloored[mode], _ = run_queries(test, mode, floor=False)
        s = score_rankings(unfloored[mode], test)
        print(f"{mode:<30}{s.mrr:>8.3f}{s.recall:>7.3f}")
    floored, _ = run_queries(test, "hybrid", floor=True)
    s = score_rankings(floored, test)
    print(f"{'hybrid with the floor':<30}{s.mrr:>8.3f}{s.recall:>7.3f}")
    lost = [
        q.id
        for q in test
        if set(unfloored["hybrid"][q.id]) & q.relevant and not set(floored[q.id]) & q.relevant
    ]
    empty = [q.id for q in test if not floored[q.id]]
    print(
        f"test queries whose answer the floor removes: {len(lost)}/{len(test)} = {len(lost) / len(test):.1%} {lost}"
    )
    print(f"test queries left with no lessons: {len(empty)}/{len(test)}")
    for split in ("test", "tune"):
        noise = judged.half(split, offtopic=True)
        got, _ = run_queries(noise, "hybrid", floor=True)
        kept = [q.text for q in noise if got[q.id]]
        label = "held out" if split == "test" else "calibration data, not a result"
        print(f"off-topic rejected ({split} half, {label}): {len(noise) - len(kept)}/{len(noise)} = "
              f"{(len(noise) - len(kept)) / len(noise):.1%}  kept: {kept}")  # fmt: skip
    if len(judged.passages) == len(search.semantic_index().ids):  # the floor was calibrated on these alone
        floor = calibrated(judged)[0].value
        same = "the same" if floor == relevance_floor(semantic_backend_name()) else "DIFFERENT: recalibrate"
        print(
            f"floor in the code {relevance_floor(semantic_backend_name())}, from the tuning side now {floor}: {same}"
        )
    tune_h, _ = run_queries(tune, "hybrid", floor=False)
    print(f"(training-set figure) tuning half hybrid MRR@10: {score_rankings(tune_h, tune).mrr:.3f}")


def latency(judged: JudgedSet, repeat: int) -> None:
    queries = (judged.half("test") + judged.half("test", offtopic=True)) * repeat
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
    parser.add_argument("--calibrate", action="store_true", help="print the floor from the tuning half")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2, help="passes over the queries when timing")
    parser.add_argument("--db", type=Path, help="keep the database here, and reuse it if it exists")
    args = parser.parse_args()
    judged = load_judged_set(DATA)
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
            calibrate(judged)
        elif args.lessons:
            latency(judged, args.repeat)
        else:
            quality(judged)


if __name__ == "__main__":
    main()
