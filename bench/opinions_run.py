"""One whole process for the whole-process timing in bench/opinions_polis.py: read a Pol.is export from
CSV, analyse it, write the groups as JSON.

Run: .venv/bin/python bench/opinions_run.py --impl ours|reddwarf DIR OUT.json
Both read the same files: ours with joinedup's reader, red-dwarf with pandas (its own data route), keeping
the latest of repeated votes as red-dwarf's loader does. Where an export has no votes.csv (two of the Austrian
sets), both take the final votes from participants-votes.csv.
"""

import argparse
import json
from pathlib import Path


def run_ours(directory: Path) -> dict[str, int | None]:
    from joinedup.perspectives.polis_io import polis_export_read
    from joinedup.perspectives.reports import polis_export_analyse

    report = polis_export_analyse(polis_export_read(directory))
    return {str(p): g for p, g in report.group_of.items()}


def run_reddwarf(directory: Path) -> dict[str, int | None]:
    import pandas as pd  # type: ignore[import-untyped]
    from reddwarf.implementations.polis import run_pipeline

    if (directory / "votes.csv").exists():
        votes = pd.read_csv(directory / "votes.csv").sort_values("timestamp", kind="stable")
        votes = votes.drop_duplicates(["voter-id", "comment-id"], keep="last")
    else:  # only the final votes, one column per statement (no vote times)
        wide = pd.read_csv(directory / "participants-votes.csv")
        statements = [c for c in wide.columns if c.isdigit()]
        votes = wide.melt(
            id_vars="participant", value_vars=statements, var_name="comment-id", value_name="vote"
        )
        votes = votes.dropna(subset=["vote"]).rename(columns={"participant": "voter-id"})
        votes["comment-id"] = votes["comment-id"].astype(int)
        votes["timestamp"] = 0
    comments = pd.read_csv(directory / "comments.csv")
    rows = [
        {"participant_id": int(p), "statement_id": int(c), "vote": int(v), "modified": int(t)}
        for p, c, v, t in zip(
            votes["voter-id"], votes["comment-id"], votes["vote"], votes["timestamp"], strict=True
        )
    ]
    mod_out = [int(c) for c in comments.loc[comments["moderated"] == -1, "comment-id"]]
    result = run_pipeline(votes=rows, mod_out_statement_ids=mod_out, random_state=0)
    labels = result.participants_df["cluster_id"]
    return {str(p): (None if str(g) == "<NA>" else int(g)) for p, g in labels.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", choices=["ours", "reddwarf"], required=True)
    parser.add_argument("directory", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    groups = run_ours(args.directory) if args.impl == "ours" else run_reddwarf(args.directory)
    args.out.write_text(json.dumps(groups), encoding="utf-8")


if __name__ == "__main__":
    main()
