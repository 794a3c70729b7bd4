"""`joinedup systems analyse MAP.graphml --out analysis.json [--max-length 8]` and `joinedup systems convert`."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.systemmaps.compute import (
    CausalMap,
    MapError,
    PictureUnavailable,
    analyse,
    analysis_to_dict,
    what_if,
    what_if_to_dict,
)
from joinedup.systemmaps.files import READ_FORMATS, WRITE_FORMATS, format_guess, map_read, map_write
from joinedup.systemmaps.limits import map_limits

# The loop search stops itself after this long unless --time-limit says otherwise: a big, dense map can
# hold more loops than could ever be listed, and a command should end.
DEFAULT_TIME_LIMIT = 60.0


class Command(BaseCommand):
    help = "System maps from files: find loops, leverage and cross-boundary links; convert between formats."
    # Files in, files out: it needs no app registry, so `joinedup systems` runs without django.setup() (cli.py).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        analyse_parser = sub.add_parser("analyse", help="Analyse a map and write JSON")
        self._input_arguments(analyse_parser)
        analyse_parser.add_argument("--out", required=True, type=Path, help="analysis.json to write")
        analyse_parser.add_argument(
            "--max-length", type=int, default=8, help="longest loop, in links (default 8)"
        )
        analyse_parser.add_argument(
            "--max-loops", type=int, default=100_000, help="stop after this many loops"
        )
        analyse_parser.add_argument(
            "--time-limit",
            type=float,
            default=DEFAULT_TIME_LIMIT,
            help=f"stop the loop search after S seconds (default {DEFAULT_TIME_LIMIT:.0f})",
        )
        analyse_parser.add_argument(
            "--what-if",
            action="append",
            default=[],
            metavar="FACTOR",
            help="also give the effect of raising FACTOR (repeatable)",
        )
        convert_parser = sub.add_parser("convert", help="Write a map in another format or as a picture")
        self._input_arguments(convert_parser)
        convert_parser.add_argument("--out", required=True, type=Path)
        convert_parser.add_argument(
            "--to", choices=WRITE_FORMATS, help="default: from the --out file's extension"
        )
        convert_parser.add_argument("--links-out", type=Path, help="the second file of a CSV layout")

    def _input_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("map", type=Path, help="MAP.graphml, a Kumu .json, or factors.csv with --links")
        parser.add_argument("--format", choices=READ_FORMATS, help="default: from the file's extension")
        parser.add_argument(
            "--links", type=Path, help="links.csv (or Kumu connections.csv) for the CSV layouts"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cmap = self._read(options)
        if options["action"] == "analyse":
            self._analyse(cmap, options)
        else:
            self._convert(cmap, options)

    def _read(self, options: dict[str, Any]) -> CausalMap:
        path: Path = options["map"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            return map_read(
                path,
                fmt=options["format"] or format_guess(path),
                second=options["links"],
                limits=map_limits(),
            )
        except MapError as err:
            raise CommandError("The map was not read:\n" + "\n".join(f"  {p}" for p in err.problems)) from err
        except (ValueError, OSError) as err:
            raise CommandError(str(err)) from err

    def _analyse(self, cmap: CausalMap, options: dict[str, Any]) -> None:
        if options["max_length"] < 1 or options["max_loops"] < 1:
            raise CommandError("--max-length and --max-loops must be at least 1")
        if options["time_limit"] is not None and options["time_limit"] <= 0:
            raise CommandError("--time-limit must be more than 0 seconds")
        result = analyse(
            cmap,
            max_length=options["max_length"],
            max_loops=options["max_loops"],
            time_limit=options["time_limit"],
        )
        report = analysis_to_dict(cmap, result)
        report["what_if"] = [
            self._what_if(cmap, factor, options["max_length"]) for factor in options["what_if"]
        ]
        options["out"].write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        kinds = [loop["type"] for loop in report["loops"]]
        self.stdout.write(
            f"{len(cmap.factors)} factors, {len(cmap.links)} links. {result.loops.summary()} "
            f"({kinds.count('reinforcing')} reinforcing, {kinds.count('balancing')} balancing); "
            f"{len(result.boundary)} cross-boundary links. Wrote {options['out']}"
        )

    def _what_if(self, cmap: CausalMap, factor: str, max_length: int) -> dict[str, Any]:
        try:
            return what_if_to_dict(cmap, what_if(cmap, factor, max_length=max_length))
        except KeyError as err:
            raise CommandError(f"--what-if: no factor has the id {factor!r}") from err

    def _convert(self, cmap: CausalMap, options: dict[str, Any]) -> None:
        fmt = options["to"] or format_guess(options["out"])
        try:
            map_write(cmap, options["out"], fmt=fmt, second=options["links_out"], title=options["map"].stem)
        except (ValueError, PictureUnavailable) as err:
            raise CommandError(str(err)) from err
        self.stdout.write(f"Wrote {options['out']} ({fmt})")
