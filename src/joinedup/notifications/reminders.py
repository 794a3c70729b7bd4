"""Periodic reminders (a charter review due, a health check closing): sources registered by the apps that know
when something is due, emitted as notifications once a day by the digest run (`joinedup notifications-run`).

A source is a function `(on: date) -> Iterable[Reminder]`, registered in its app's AppConfig.ready():

    reminders.register("charter_review_due", charter_reminders)

Each reminder carries a dedupe key, so running the same day twice (or a retried job) notifies nobody twice.

The charter's rhythm is registered this way by partnerships (`partnerships/reminders.py`, wrapping
`partnerships.selectors.charter_reminders_due(on)`), and so are health-check rounds.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from joinedup.notifications.services import notify


@dataclass(frozen=True)
class Reminder:
    recipients: Sequence[Any]
    kind: str
    object_key: str
    title: str
    url: str
    message: str
    dedupe_key: str  # unique per recipient: e.g. "charter-review:12:2027-03-01"


ReminderSource = Callable[[date], Iterable[Reminder]]
_SOURCES: dict[str, ReminderSource] = {}


def register(name: str, source: ReminderSource) -> None:
    _SOURCES[name] = source


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def reminders_emit(*, on: date, only: str | None = None) -> int:
    """Ask every source (or only the one registered as `only`) what is due on `on` and notify; returns how many
    notifications were made."""
    if only is not None and only not in _SOURCES:
        raise ValueError(f"no reminder source {only!r}")
    made = 0
    for name, source in list(_SOURCES.items()):
        if only is not None and name != only:
            continue
        for r in source(on):
            made += len(
                notify(
                    recipients=r.recipients,
                    kind=r.kind,
                    object_key=r.object_key,
                    title=r.title,
                    url=r.url,
                    message=r.message,
                    dedupe_key=r.dedupe_key,
                )  # fmt: skip
            )
    return made
