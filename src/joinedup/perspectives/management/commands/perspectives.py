"""`joinedup perspectives analyse --polis-dir DIR --out report.json [--perspectives FILE.csv] [--seed N]`
and `joinedup perspectives import --polis-dir DIR --situation ID [--title T]` (see import_cli)."""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup import csvsafe
from joinedup.perspectives.compute import PERSPECTIVES
from joinedup.perspectives.import_cli import add_import_parser, handle_import
from joinedup.perspectives.polis_io import PolisFormatError, polis_export_read
from joinedup.perspectives.reports import polis_export_analyse, report_as_json


class Command(BaseCommand):
    help = "Perspectives conversations: analyse a Pol.is openData export with the Pol.is method."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        analyse = sub.add_parser(
            "analyse", help="Opinion groups, representative statements and consensus as JSON."
        )
        analyse.add_argument(
            "--polis-dir", required=True, type=Path, help="folder with comments.csv and votes.csv"
        )
        analyse.add_argument("--out", required=True, type=Path, help="where to write the JSON report")
        analyse.add_argument("--seed", type=int, default=0, help="seed for the PCA start (default 0)")
        analyse.add_argument(
            "--perspectives", type=Path, help="CSV with columns participant,perspective for the split by side"
        )

        add_import_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "analyse":
            self._analyse(options["polis_dir"], options["out"], options["seed"], options.get("perspectives"))
        elif options["action"] == "import":
            handle_import(self, options)

    def _analyse(self, polis_dir: Path, out: Path, seed: int, perspectives_csv: Path | None) -> None:
        try:
            export = polis_export_read(polis_dir)
            perspectives = _read_perspectives(perspectives_csv) if perspectives_csv else None
        except (PolisFormatError, FileNotFoundError) as e:
            raise CommandError(str(e)) from e
        report = polis_export_analyse(export, seed=seed, perspectives=perspectives)
        _write_json(out, report_as_json(report))
        clustered = sum(g is not None for g in report.group_of.values())
        self.stdout.write(
            f"{len(report.group_of)} participants ({clustered} clustered), {len(report.comment_ids)} statements, "
            f"{len(report.groups)} groups: sizes {', '.join(str(g.size) for g in report.groups)}. Wrote {out}."
        )


def _read_perspectives(path: Path) -> dict[int, str]:
    """participant,perspective rows; a bad row is named by its line."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing")
    found: dict[int, str] = {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csvsafe.DictReader(f)
        if not reader.fieldnames or not {"participant", "perspective"} <= set(reader.fieldnames):
            raise PolisFormatError(path.name, 1, "expected columns participant,perspective")
        for row in reader:
            line = reader.line_num
            value = (row["perspective"] or "").strip().lower().replace(" ", "_")
            if value not in PERSPECTIVES:
                raise PolisFormatError(
                    path.name, line, f"perspective must be one of {', '.join(PERSPECTIVES)}"
                )
            try:
                found[int(row["participant"])] = value
            except ValueError:
                raise PolisFormatError(path.name, line, "participant must be a whole number") from None
    return found


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write to a temporary file beside the target and rename, so a half-written report never appears."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
