"""Learning library benchmark: search quality on the judged set, and search latency.

Builds a throwaway SQLite database, imports the corpus through the real import path (keyword index and stored
vectors), then runs every judged query through the real search in each mode.

    .venv/bin/python bench/learning.py                     # quality: 45 targets + 520 distractors, 46 queries
    .venv/bin/python bench/learning.py --lessons 10000 --synthetic-vectors   # latency at 10,000 lessons

--synthetic-vectors stores random unit vectors for the generated distractors instead of embedding them (the
targets and every query are still embedded by the model). Search time does not depend on the values in the
matrix, and embedding 10,000 lessons three times each takes most of an hour on two shared cores; quality
figures must come from a run without it.

Prints MRR@10 and nDCG@10 per mode, and p50/p95 latency per mode.
"""

import argparse
import csv
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import learning_corpus  # noqa: E402

MODES = ("keyword", "semantic", "hybrid")


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "learning", verbosity=0)  # and what it depends on, no more


def load(rows: list[dict[str, str]]) -> float:
    from joinedup.learning.imports import lessons_import

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["ref", "title", "body"])
    writer.writeheader()
    writer.writerows(rows)
    started = time.perf_counter()
    lessons_import(text=buffer.getvalue())
    return time.perf_counter() - started


def use_synthetic_vectors(seed: int) -> None:
    import numpy as np

    from joinedup.learning import search

    real = search.lesson_vectors
    rng = np.random.default_rng(seed)

    def vectors(model, lessons):  # type: ignore[no-untyped-def]
        out = rng.standard_normal((len(lessons), 384)).astype(np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        targets = [i for i, lesson in enumerate(lessons) if not lesson.ref.startswith("D-")]
        if targets:
            out[targets] = real(model, [lessons[i] for i in targets])
        return out

    search.lesson_vectors = vectors


def evaluate(queries: list[tuple[str, dict[str, int]]]) -> dict[str, dict[str, float]]:
    from joinedup.engine.search import mrr_at_k, ndcg_at_k
    from joinedup.learning import search
    from joinedup.learning.selectors import lesson_search

    results: dict[str, dict[str, float]] = {}
    for mode in MODES:
        lesson_search(query="warm up", mode=mode)
        mrr, ndcg, times = [], [], []
        for query, relevant in queries:
            search._embed_query.cache_clear()  # time every query cold: no cached query vector
            started = time.perf_counter()
            hits = lesson_search(query=query, mode=mode, limit=10).hits
            times.append((time.perf_counter() - started) * 1000)
            ranked = [hit.lesson.ref for hit in hits]
            mrr.append(mrr_at_k(ranked, relevant))
            ndcg.append(ndcg_at_k(ranked, relevant))
        results[mode] = {
            "mrr": statistics.fmean(mrr),
            "ndcg": statistics.fmean(ndcg),
            "p50": statistics.median(times),
            "p95": statistics.quantiles(times, n=20)[-1],
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lessons", type=int, default=565, help="total lessons (45 targets + distractors)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the queries when timing")
    parser.add_argument("--synthetic-vectors", action="store_true", help="random vectors for distractors")
    parser.add_argument("--db", type=Path, help="keep the database here, and reuse it if it exists")
    args = parser.parse_args()
    rows = learning_corpus.corpus(max(args.lessons - len(learning_corpus.targets()), 0), args.seed)
    queries = learning_corpus.queries()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite3"
        reuse = db.exists()
        setup_django(db)
        from joinedup.learning.search import semantic_backend_name

        if args.synthetic_vectors:
            use_synthetic_vectors(args.seed)
        seconds = 0.0 if reuse else load(rows)
        vectors = "synthetic for distractors" if args.synthetic_vectors else "all embedded"
        print(
            f"lessons: {len(rows)}  queries: {len(queries)}  backend: {semantic_backend_name()} ({vectors})"
        )
        print(f"import + index + embed: {seconds:.1f} s ({seconds / len(rows) * 1000:.1f} ms a lesson)")
        results = evaluate(queries * args.repeat)
    print(f"{'mode':<10}{'MRR@10':>8}{'nDCG@10':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for mode, r in results.items():
        print(f"{mode:<10}{r['mrr']:>8.3f}{r['ndcg']:>9.3f}{r['p50']:>9.1f}{r['p95']:>9.1f}")
    best_single = max(results["keyword"]["mrr"], results["semantic"]["mrr"])
    print(f"hybrid MRR@10 against the better single mode: {results['hybrid']['mrr'] / best_single:.2f}×")


if __name__ == "__main__":
    main()
