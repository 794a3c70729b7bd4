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

    def frequencies(self) -> dict[str, str]:
        return {k.value: self.cleaned_data[f"kind_{k.value}"] for k in Kind}
