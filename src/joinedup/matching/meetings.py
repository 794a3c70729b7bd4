"""When introduced people could meet: half-day slots everyone stated, turned into the next real times.

Plain Python (no Django), so the rule is easy to test: a person who stated no availability does not constrain
the others; if the stated half-days have nothing in common, no time is proposed and the arranger picks one.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
HALVES = {"am": ("morning", time(10, 0)), "pm": ("afternoon", time(14, 0))}
SLOTS = tuple(f"{day}-{half}" for day in DAYS for half in HALVES)
SLOT_CHOICES = [
    (f"{day}-{half}", f"{name} {label}")
    for day, name in zip(DAYS, DAY_NAMES, strict=True)
    for half, (label, _) in HALVES.items()
]
# How long a first meeting is, by kind of round: a coffee is short, mentoring needs longer.
MINUTES = {"coffee": 30, "peers": 45, "mentoring": 60, "secondment": 60}
# Without a "meet by" date, times are proposed over the next three weeks.
DEFAULT_WINDOW = timedelta(days=21)


def common_slots(availabilities: Iterable[Sequence[str]]) -> set[str]:
    """The half-days everyone who stated any can make; everyone's silence means every half-day."""
    common = set(SLOTS)
    for stated in availabilities:
        if stated:
            common &= set(stated)
    return common


def proposed_times(
    availabilities: Iterable[Sequence[str]], *, after: date, until: date | None = None, count: int = 3
) -> list[datetime]:
    """The first `count` times, from the working day after `after` up to `until`, in half-days all can make."""
    common = common_slots(availabilities)
    last = until or after + DEFAULT_WINDOW
    times: list[datetime] = []
    day = after + timedelta(days=1)
    while day <= last and len(times) < count:
        if day.weekday() < len(DAYS):
            for half, (_, start) in HALVES.items():
                if f"{DAYS[day.weekday()]}-{half}" in common and len(times) < count:
                    times.append(datetime.combine(day, start, tzinfo=LONDON))
        day += timedelta(days=1)
    return times
