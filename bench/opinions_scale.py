"""Opinion engine at scale: 10,000 participants x 1,000 statements, 2,000,000 votes, recomputed.

Run: .venv/bin/python bench/opinions_scale.py [--participants 10000] [--statements 1000] [--votes 2000000]
     [--reddwarf]

Synthetic votes with a planted structure (three camps with their own leanings, 15 % noise, passes), each
participant voting on a random subset of statements. Prints the time to build the matrix from vote
events and a cold analysis; then warm (incremental) updates while votes stream in at 50 per second; and
with --reddwarf the same votes through red-dwarf, as a baseline measured in the same run.
"""

import argparse
import time

import numpy as np
from sklearn.metrics import adjusted_rand_score

from joinedup.engine.opinions import OpinionState, VoteMatrix, analyse, vote_matrix_add, vote_matrix_build


def synthetic(n_p: int, n_c: int, n_votes: int, seed: int = 0) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    camp = rng.integers(0, 3, n_p)
    leaning = rng.choice([-1, 1], size=(3, n_c))
    per = n_votes // n_p
    pids = np.repeat(np.arange(n_p), per)
    tids = np.concatenate([rng.choice(n_c, per, replace=False) for _ in range(n_p)])
    votes = leaning[camp[pids], tids]
    flip = rng.random(len(votes)) < 0.15
    votes[flip] = -votes[flip]
    votes[rng.random(len(votes)) < 0.1] = 0
    times = np.arange(len(votes))
    return pids, tids, votes, times, camp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=1_000)
    parser.add_argument("--votes", type=int, default=2_000_000)
    parser.add_argument("--reddwarf", action="store_true", help="also run red-dwarf on the same votes")
    args = parser.parse_args()
    pids, tids, votes, times, camp = synthetic(args.participants, args.statements, args.votes)
    print(f"data: {args.participants} participants x {args.statements} statements, {len(votes):,} votes")

    t0, c0 = time.perf_counter(), time.process_time()
    matrix = vote_matrix_build(pids, tids, votes, times)
    t1 = time.perf_counter()
    cold = analyse(matrix, seed=0)
    t2, c2 = time.perf_counter(), time.process_time()
    print(f"build matrix from events: {t1 - t0:.2f} s")
    print(f"cold analysis:            {t2 - t1:.2f} s   (build + analysis {t2 - t0:.2f} s)")
    # CPU seconds (both BLAS threads counted): what the work costs, whatever else shares the machine.
    print(f"CPU time, build + analysis: {c2 - c0:.2f} s")
    _quality("ours (cold)", cold.group_of, matrix.participant_ids, camp, len(cold.groups))

    _stream(matrix, cold.state, args, camp)

    if args.reddwarf:
        _reddwarf(pids, tids, votes, times, camp)


def _stream(
    matrix: VoteMatrix,
    state: OpinionState,
    args: argparse.Namespace,
    camp: np.ndarray,
    rate: int = 50,
    updates: int = 5,
) -> None:
    """Votes arrive at `rate` per second while the report recomputes back to back, each update applying
    the votes that came in during the previous one (vote_matrix_add) and warm-starting from its state.
    A vote waits at most for the update in progress plus its own: the staleness printed."""
    rng = np.random.default_rng(1)
    durations = [1.0]
    for _ in range(updates):
        n = max(1, int(rate * durations[-1]))
        t0 = time.perf_counter()
        matrix = vote_matrix_add(
            matrix,
            rng.integers(0, args.participants + 50, n),
            rng.integers(0, args.statements, n),
            rng.choice([-1, 0, 1], n),
        )
        report = analyse(matrix, previous=state, seed=0)
        state = report.state
        durations.append(time.perf_counter() - t0)
        print(f"warm update with {n:,} new votes (apply + analysis): {durations[-1]:.2f} s")
    stale = max(a + b for a, b in zip(durations[1:], durations[2:], strict=False))
    print(
        f"at {rate} votes/s a new vote shows in the report within {stale:.2f} s (worst of {updates} updates)"
    )
    _quality(
        "ours (after the stream)",
        report.group_of,
        matrix.participant_ids[matrix.participant_ids < len(camp)],
        camp,
        len(report.groups),
    )


def _quality(name: str, group_of: dict[int, int | None], ids: np.ndarray, camp: np.ndarray, k: int) -> None:
    got = [group_of[int(p)] for p in ids]
    keep = [i for i, g in enumerate(got) if g is not None]
    ari = adjusted_rand_score(camp[ids[keep]], [got[i] for i in keep])
    print(f"  {name}: {k} groups, ARI against the planted camps {ari:.3f}")


def _reddwarf(
    pids: np.ndarray, tids: np.ndarray, votes: np.ndarray, times: np.ndarray, camp: np.ndarray
) -> None:
    from reddwarf.implementations.polis import run_pipeline

    t0 = time.perf_counter()
    rows = [
        {"participant_id": int(p), "statement_id": int(t), "vote": int(v), "modified": int(m)}
        for p, t, v, m in zip(pids, tids, votes, times, strict=True)
    ]
    result = run_pipeline(votes=rows, random_state=0)
    t1 = time.perf_counter()
    labels = result.participants_df["cluster_id"]
    group_of = {int(p): (None if str(g) == "<NA>" else int(g)) for p, g in labels.items()}
    print(f"red-dwarf 0.4 on the same votes: {t1 - t0:.2f} s")
    ids = np.array(sorted(group_of))
    _quality("red-dwarf", group_of, ids, camp, len({g for g in group_of.values() if g is not None}))


if __name__ == "__main__":
    main()
