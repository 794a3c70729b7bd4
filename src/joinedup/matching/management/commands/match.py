"""`joinedup match run|secondments|tables` — matching from files (see joinedup.matching.csvio for the columns).

    joinedup match run --kind coffee --people people.csv [--history history.csv] --out pairs.csv
        [--candidates-out edges.csv] [--unmatched-out unmatched.csv] [--k 50] [--seed N]
    joinedup match secondments --hosts hosts.csv --applicants applicants.csv --out allocation.csv
        [--method stable|compatibility]
    joinedup match tables --people people.csv --size 8 --out tables.csv [--history history.csv]

Bad input names every faulty row and field and exits non-zero with nothing written. Outputs are written to a
temporary file and renamed, so a file is either complete or absent.
"""

import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup import csvsafe
from joinedup.matching import csvio
from joinedup.matching.compute import (
    KINDS,
    RoundResult,
    check_round,
    compatibility,
    deferred_acceptance,
    host_preferences,
    max_compatibility,
    run_round,
    settings_for,
    unplaced_reasons,
)
from joinedup.matching.compute import (
    engine_seat_tables as seat_tables,
)


class Command(BaseCommand):
    help = "Matching rounds, secondment allocations and event tables from CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="A one-to-one round (coffee, peers or mentoring)")
        run.add_argument("--kind", choices=KINDS, default="coffee")
        run.add_argument("--people", type=Path, required=True, help="people.csv (the import-people columns)")
        run.add_argument("--history", type=Path, help="history.csv: person_a,person_b pairs who have met")
        run.add_argument("--blocked", type=Path, help="blocked.csv: person_a,person_b pairs never to match")
        run.add_argument("--out", type=Path, required=True, help="pairs.csv to write")
        run.add_argument("--candidates-out", type=Path, help="edges.csv: every candidate edge the solver saw")
        run.add_argument("--unmatched-out", type=Path, help="unmatched.csv: person,reason")
        run.add_argument("--k", type=int, default=50, help="candidates per person (default 50)")
        run.add_argument("--seed", type=int, default=0)
        run.add_argument(
            "--line", choices=("cross", "any"), default="cross", help="cross the central/local line (default)"
        )
        run.add_argument(
            "--no-trios", action="store_true", help="leave the odd ones out rather than make groups of three"
        )
        sec = sub.add_parser("secondments", help="Allocate applicants to host places")
        sec.add_argument("--hosts", type=Path, required=True)
        sec.add_argument("--applicants", type=Path, required=True)
        sec.add_argument("--out", type=Path, required=True)
        sec.add_argument("--method", choices=("stable", "compatibility"), default="stable")
        sec.add_argument("--seed", type=int, default=0)
        tab = sub.add_parser("tables", help="Seat registrants at mixed tables")
        tab.add_argument("--people", type=Path, required=True)
        tab.add_argument("--size", type=int, default=8)
        tab.add_argument("--out", type=Path, required=True)
        tab.add_argument("--history", type=Path, help="history.csv: person_a,person_b pairs who have met")
        tab.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        action: Callable[[dict[str, Any]], None] = {
            "run": self._run, "secondments": self._secondments, "tables": self._tables,
        }[options["action"]]  # fmt: skip
        try:
            action(options)
        except csvio.FileErrors as err:
            for error in err.errors:
                self.stderr.write(f"{err.path.name}: {error}")
            raise CommandError(f"Nothing written: {len(err.errors)} error(s) in {err.path.name}") from err
        except ValueError as err:
            raise CommandError(str(err)) from err

    def _run(self, options: dict[str, Any]) -> None:
        people = [p for p, _ in csvio.read_people(options["people"])]
        known = {p.id for p in people}
        history = csvio.read_pairs(options["history"], known) if options["history"] else []
        blocked = csvio.read_pairs(options["blocked"], known) if options["blocked"] else []
        overrides: dict[str, object] = {
            "k": options["k"],
            "seed": options["seed"],
            "line_rule": options["line"],
        }
        if options["no_trios"]:
            overrides["trios"] = False
        settings = settings_for(options["kind"], **overrides)
        problems = check_round(people, settings)
        if problems:
            raise CommandError(" ".join(problems))
        result = run_round(people, settings, regions=csvio.load_regions(), history=history, blocked=blocked)
        self._write_round(result, options)
        self._report_round(result, len(people))

    def _write_round(self, result: RoundResult, options: dict[str, Any]) -> None:
        with atomic_write(options["out"]) as f:
            csvio.write_pairs(f, result.pairs)
        if options["candidates_out"]:
            with atomic_write(options["candidates_out"]) as f:
                e = result.edges
                csvio.write_edges(f, result.ids, e.a.tolist(), e.b.tolist(), e.score.tolist())
        if options["unmatched_out"]:
            with atomic_write(options["unmatched_out"]) as f:
                csvio.write_rows(f, ["person", "reason"], sorted(result.unmatched.items()))

    def _report_round(self, result: RoundResult, n_people: int) -> None:
        s = result.stats
        self.stdout.write(
            f"{n_people} people, {s['eligible']} eligible; {s['edges']} candidate edges; {s['pairs']} pairs "
            f"({s['trios']} with a third person); total score {result.total_score:.3f}"
        )
        for reason, count in Counter(result.unmatched.values()).most_common():
            self.stdout.write(f"  unmatched, {count}: {reason}")
        timings = ", ".join(
            f"{k.removeprefix('seconds_')} {v:.1f}s" for k, v in s.items() if k.startswith("seconds_")
        )
        self.stdout.write(f"  time: {timings}")

    def _secondments(self, options: dict[str, Any]) -> None:
        hosts = csvio.read_hosts(options["hosts"])
        applicants = csvio.read_applicants(options["applicants"], {h.person.id for h in hosts})
        app_prefs = {a.person.id: list(a.ranking) for a in applicants}
        pairs = sorted({(a, h) for a, prefs in app_prefs.items() for h in prefs})
        score = compatibility(
            [a.person for a in applicants], [h.person for h in hosts], pairs, seed=options["seed"]
        )
        host_prefs = host_preferences(app_prefs, {h.person.id: list(h.ranking) for h in hosts}, score)
        capacities = {h.person.id: h.capacity for h in hosts}
        if options["method"] == "stable":
            assignment = deferred_acceptance(app_prefs, host_prefs, capacities)
        else:
            assignment = max_compatibility(app_prefs, host_prefs, capacities, score)
        reasons = unplaced_reasons(app_prefs, host_prefs, assignment)
        rows = [
            _allocation_row(a, app_prefs[a], assignment.get(a), score, reasons.get(a, ""))
            for a in sorted(app_prefs)
        ]
        with atomic_write(options["out"]) as f:
            csvio.write_rows(f, ["applicant", "host", "applicant_rank", "score", "reason"], rows)
        total = sum(score[(a, h)] for a, h in assignment.items())
        self.stdout.write(
            f"{len(assignment)} of {len(app_prefs)} applicants placed with {len(set(assignment.values()))} of "
            f"{len(hosts)} hosts ({options['method']}); total compatibility {total:.3f}"
        )

    def _tables(self, options: dict[str, Any]) -> None:
        people = [p for p, _ in csvio.read_people(options["people"])]
        history = csvio.read_pairs(options["history"], {p.id for p in people}) if options["history"] else []
        tables = seat_tables(people, options["size"], history=history, seed=options["seed"])
        who = {p.id: p for p in people}
        rows = [
            [t.number, i, who[i].sector, who[i].level, who[i].organisation] for t in tables for i in t.people
        ]
        with atomic_write(options["out"]) as f:
            csvio.write_rows(f, ["table", "person", "sector", "level", "organisation"], rows)
        for t in tables:
            sectors = ", ".join(f"{n} {k}" for k, n in t.sectors.items())
            levels = ", ".join(f"{n} {k}" for k, n in t.levels.items())
            self.stdout.write(
                f"Table {t.number}: {len(t.people)} people; {sectors}; {levels}; "
                f"{t.met_pairs} pairs who have met; {t.same_organisation_pairs} from the same organisation"
            )


def _allocation_row(
    applicant: str, prefs: list[str], host: str | None, score: dict[tuple[str, str], float], reason: str
) -> list[object]:
    if host is None:
        return [applicant, "", "", "", reason]
    return [applicant, host, prefs.index(host) + 1, csvsafe.Verbatim(f"{score[(applicant, host)]:.6f}"), ""]


@contextmanager
def atomic_write(path: Path) -> Iterator[TextIO]:
    """Write to a temporary file beside `path`, then rename it into place: the file is whole or absent."""
    fd, tmp = tempfile.mkstemp(
        dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
