from typing import Any

from django import forms

from joinedup.core.forms import GovukForm
from joinedup.notifications.models import Frequency, Kind

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


# The kinds under headings, in the order people meet them; every kind is in exactly one group (a test checks).
KIND_GROUPS: list[tuple[str, list[Kind]]] = [
    ("People", [Kind.INTRODUCED, Kind.INVITED]),
    ("Situations and conversations", [Kind.SITUATION_CHANGED, Kind.VOTES_AWAITED]),
    (
        "Health checks",
        [Kind.HEALTH_CHECK_OPENED, Kind.HEALTH_CHECK_CLOSING, Kind.RESULTS_RELEASED],
    ),
    (
        "Partnerships you lead or champion",
        [
            Kind.CHARTER_REVIEW_DUE,
            Kind.HEALTH_CHECK_DUE,
            Kind.DELIVERABLE_OVERDUE,
            Kind.CHAMPION_MISSING,
            Kind.EXIT_NEAR,
        ],
    ),
]


class PreferencesForm(GovukForm):
    hour = forms.TypedChoiceField(
        label="Send my digests at", coerce=int, choices=[(h, f"{h:02d}:00") for h in range(24)],
        help_text="UK time",
    )  # fmt: skip
    weekday = forms.TypedChoiceField(label="Send my weekly digest on", coerce=int, choices=WEEKDAYS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[f"kind_{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, widget=forms.Select
            )

    def kind_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(heading, [self[f"kind_{k.value}"] for k in kinds]) for heading, kinds in KIND_GROUPS]

    def frequencies(self) -> dict[str, str]:
        return {k.value: self.cleaned_data[f"kind_{k.value}"] for k in Kind}
