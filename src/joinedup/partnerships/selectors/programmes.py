"""The programme view: each partnership of a programme with its latest results, warnings and reminders."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from joinedup.partnerships.models import Partnership, Programme
from joinedup.partnerships.selectors.reminders import Reminder, reminders_for
from joinedup.partnerships.selectors.results import Results, latest_results


@dataclass
class ProgrammeRow:
    partnership: Partnership
    results: Results | None
    warnings: list[str]
    exit_due_in_days: int | None
    reminders: list[Reminder]


def programme_rows(programme: Programme, today: date | None = None) -> list[ProgrammeRow]:
    today = today or timezone.localdate()
    rows = []
    for p in programme.partnerships.order_by("title").prefetch_related("champions", "deliverables"):
        results = latest_results(p)
        exit_in = (p.planned_exit_date - today).days if p.planned_exit_date else None
        rows.append(
            ProgrammeRow(p, results, results.warnings if results else [], exit_in, reminders_for(p, today))
        )
    return rows
