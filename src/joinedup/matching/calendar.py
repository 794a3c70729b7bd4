"""Calendar invitations (RFC 5545, written by the icalendar library) for introductions and secondments.

One event per introduction, at the first time everyone can make, with every person introduced as an attendee and
the arranger as organiser; the other proposed times are in its description. The UID is stable for a match, so
a calendar that imports the file twice updates one event instead of adding a second.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

PRODUCT = "-//Joined Up//Introductions//EN"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


def meeting_ics(
    *,
    uid: str,
    summary: str,
    description: str,
    start: datetime,
    minutes: int,
    organiser: Attendee,
    attendees: Sequence[Attendee],
    stamp: datetime,
) -> bytes:
    """An iCalendar file with one tentative event: a proposal the people confirm between themselves."""
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    event.add("summary", summary)
    event.add("description", description)
    event.add("status", "TENTATIVE")
    event.add("organizer", _address(organiser, role="CHAIR"))
    for person in attendees:
        event.add("attendee", _address(person, role="REQ-PARTICIPANT"))
    cal.add_component(event)
    return bytes(cal.to_ical())


def _address(person: Attendee, *, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    address.params["ROLE"] = vText(role)
    address.params["PARTSTAT"] = vText("NEEDS-ACTION")
    address.params["RSVP"] = vText("TRUE")
    return address
