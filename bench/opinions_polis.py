"""Opinion groups against Pol.is's own, side by side with red-dwarf, on every conversation we hold.

Run: .venv/bin/python bench/opinions_polis.py [DATA_DIR] [--repeat 3]
DATA_DIR defaults to ../shared/data/polis (each sub-folder a Pol.is openData export with votes.csv,
comments.csv and participants-votes.csv, whose group-id column is Pol.is's own grouping).

For each conversation: the number of groups (Pol.is's, ours, red-dwarf's) and the adjusted Rand index of
ours and red-dwarf's against Pol.is's, over the participants all three cluster (so both methods are scored
on the same people), plus each method's ARI over everyone it and Pol.is both cluster. Then whole-process
times: a fresh interpreter reading the CSV files and analysing (bench/opinions_run.py), best of --repeat,
and the `joinedup perspectives analyse` command (which also starts Django).
"""

import argparse
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from joinedup.perspectives.polis_io import polis_export_read  # noqa: E402
from opinions_run import run_ours, run_reddwarf  # noqa: E402


def ari(truth: dict[int, int | None], got: dict[str, int | None], people: list[int]) -> float:
    return float(adjusted_rand_score([truth[p] for p in people], [got[str(p)] for p in people]))


def clustered(groups: dict[str, int | None]) -> set[int]:
    return {int(p) for p, g in groups.items() if g is not None}


def n_groups(groups: dict[str, int | None]) -> int:
    return len({g for g in groups.values() if g is not None})


def process_time(argv: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "polis")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    rows = []
    for folder in sorted(p for p in args.data.iterdir() if (p / "participants-votes.csv").exists()):
        rows.append(compare(folder, args.repeat))
    print_table(rows)


@dataclass(frozen=True)
class Row:
    conversation: str
    participants: int
    k: tuple[int, int, int]  # Pol.is, ours, red-dwarf
    ari_common: tuple[float, float, int]  # ours, red-dwarf, on how many participants
    ari_own: tuple[float, float]
    time: tuple[float, float, float]  # process ours, process red-dwarf, joinedup command


def compare(folder: Path, repeat: int) -> Row:
    truth = polis_export_read(folder).groups
    ours, theirs = run_ours(folder), run_reddwarf(folder)
    polis_in = {p for p, g in truth.items() if g is not None}
    common = sorted(polis_in & clustered(ours) & clustered(theirs))
    out = Path(tempfile.mkdtemp()) / "out.json"
    run = [sys.executable, str(ROOT / "bench" / "opinions_run.py"), "--impl"]
    cli = [
        str(Path(sys.executable).parent / "joinedup"),
        "perspectives",
        "analyse",
        "--polis-dir",
        str(folder),
    ]
    return Row(
        conversation=folder.name,
        participants=len(truth),
        k=(n_groups({str(p): g for p, g in truth.items()}), n_groups(ours), n_groups(theirs)),
        ari_common=(ari(truth, ours, common), ari(truth, theirs, common), len(common)),
        ari_own=(
            ari(truth, ours, sorted(polis_in & clustered(ours))),
            ari(truth, theirs, sorted(polis_in & clustered(theirs))),
        ),
        time=(
            process_time([*run, "ours", str(folder), str(out)], repeat),
            process_time([*run, "reddwarf", str(folder), str(out)], repeat),
            process_time([*cli, "--out", str(out)], repeat),
        ),
    )


def print_table(rows: list[Row]) -> None:
    print("| conversation | participants | groups Pol.is / ours / red-dwarf | ARI ours | ARI red-dwarf "
          "| (on n) | ARI ours, own set | ARI red-dwarf, own set | process ours | process red-dwarf | ratio "
          "| `joinedup perspectives analyse` |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        kp, ko, kr = r.k
        ao, ar, n = r.ari_common
        so, sr = r.ari_own
        to, tr, tc = r.time
        print(f"| {r.conversation} | {r.participants} | {kp} / {ko} / {kr} | {ao:.3f} | {ar:.3f} | {n} "
              f"| {so:.3f} | {sr:.3f} | {to:.2f} s | {tr:.2f} s | {tr / to:.1f}x | {tc:.2f} s |")  # fmt: skip
    k_ours = sum(r.k[0] == r.k[1] for r in rows)
    k_rd = sum(r.k[0] == r.k[2] for r in rows)
    mean = [sum(r.ari_common[i] for r in rows) / len(rows) for i in (0, 1)]
    print(f"\nPol.is's group count matched: ours {k_ours}/{len(rows)}, red-dwarf {k_rd}/{len(rows)}. "
          f"Mean ARI on the common set: ours {mean[0]:.3f}, red-dwarf {mean[1]:.3f}.")  # fmt: skip


if __name__ == "__main__":
    main()
