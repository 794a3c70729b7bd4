"""Replay each conversation through warm-started updates, as Pol.is ran it, and compare with Pol.is's groups.

Run: .venv/bin/python bench/opinions_replay.py [DATA_DIR] [--updates 10 30 100]
The vote events are cut into N equal slices in time order; after each slice the engine updates from the
previous update's state (warm PCA, warm k-means, sticky clustered set, k-smoother). Prints the final
group count and ARI against Pol.is's exported groups, for comparison with the single cold run of
bench/opinions_polis.py.
"""

import argparse
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

from joinedup.engine.opinions import OpinionReport, OpinionState, analyse, vote_matrix_build
from joinedup.perspectives.polis_io import PolisExport, polis_export_read

ROOT = Path(__file__).resolve().parent.parent


def replay(export: PolisExport, updates: int) -> OpinionReport:
    v = export.votes
    order = np.argsort(v.timestamps, kind="stable")
    state: OpinionState | None = None
    report = None
    for cut in np.unique(np.linspace(len(order) // updates, len(order), updates).astype(int)):
        take = order[:cut]
        matrix = vote_matrix_build(v.voter_ids[take], v.comment_ids[take], v.votes[take], v.timestamps[take])
        report = analyse(matrix, moderated_out=export.moderated_out, previous=state)
        state = report.state
    assert report is not None
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "polis")
    parser.add_argument("--updates", type=int, nargs="+", default=[1, 10, 30, 100])
    args = parser.parse_args()
    folders = sorted(p for p in args.data.iterdir() if (p / "participants-votes.csv").exists())
    exports = {f.name: polis_export_read(f) for f in folders}
    for n in args.updates:
        scores = []
        for name, export in exports.items():
            report = replay(export, n)
            both = [
                p for p, g in export.groups.items() if g is not None and report.group_of.get(p) is not None
            ]
            ari = adjusted_rand_score([export.groups[p] for p in both], [report.group_of[p] for p in both])
            scores.append(ari)
            print(f"{n:>4} updates  {name[:40]:<40} groups {len(report.groups)}  ARI {ari:.3f}")
        print(f"{n:>4} updates  mean ARI {sum(scores) / len(scores):.3f}\n")


if __name__ == "__main__":
    main()
