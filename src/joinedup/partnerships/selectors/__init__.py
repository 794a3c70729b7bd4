"""Reads of partnerships: who may see what, charter history, health-check results, reminders, programme view.

The modules split along these words; this package exports their public names so that other apps (and the
tests) keep importing `joinedup.partnerships.selectors`.
"""

from joinedup.partnerships.selectors.access import (
    current_members,
    is_lead,
    participant_of,
    partnerships_visible_to,
    programmes_visible_to,
)
from joinedup.partnerships.selectors.history import HistoryEntry, charter_history
from joinedup.partnerships.selectors.programmes import ProgrammeRow, programme_rows
from joinedup.partnerships.selectors.reminders import (
    CHARTER_REMINDER_DUE_DAYS,
    CHECK_DUE_DAYS,
    EXIT_NEAR_DAYS,
    CharterReminder,
    Reminder,
    add_months,
    charter_reminders_due,
    charter_steps,
    dashboard_panel,
    next_charter_step,
    reminders_for,
    reminders_for_user,
)
from joinedup.partnerships.selectors.results import (
    DIMENSION_LABELS,
    DIVERGENCE_GAP,
    DROP,
    WITHHELD,
    CodesIssued,
    Results,
    Score,
    check_results,
    closed_checks,
    codes_issued,
    latest_results,
    min_group,
    previous_check,
    shown_sides,
    trends,
)

__all__ = [
    "CHARTER_REMINDER_DUE_DAYS",
    "CHECK_DUE_DAYS",
    "DIMENSION_LABELS",
    "DIVERGENCE_GAP",
    "DROP",
    "EXIT_NEAR_DAYS",
    "WITHHELD",
    "CharterReminder",
    "HistoryEntry",
    "ProgrammeRow",
    "Reminder",
    "Results",
    "Score",
    "add_months",
    "charter_history",
    "charter_reminders_due",
    "charter_steps",
    "CodesIssued",
    "check_results",
    "codes_issued",
    "closed_checks",
    "current_members",
    "dashboard_panel",
    "is_lead",
    "latest_results",
    "min_group",
    "next_charter_step",
    "participant_of",
    "partnerships_visible_to",
    "previous_check",
    "programme_rows",
    "programmes_visible_to",
    "reminders_for",
    "reminders_for_user",
    "shown_sides",
    "trends",
]
