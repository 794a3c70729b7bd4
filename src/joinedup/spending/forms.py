"""Forms for spend counts: start one, upload a body's spend file, start a situation about a theme."""

from typing import Any

from django import forms
from django.db.models import Q

from joinedup.accounts.models import User
from joinedup.core.forms import GovukForm
from joinedup.partnerships.models import Partnership
from joinedup.places.models import Organisation, Place
from joinedup.situations.models import Perspective, Situation
from joinedup.spending.models import Channel, Confidence, Theme

MAX_UPLOAD_MB = 40


class CountForm(GovukForm):
    title = forms.CharField(
        max_length=200, help_text="For example “Counting the public pound in Leeds, 2025–26”"
    )
    belongs_to = forms.ChoiceField(
        label="Whose count is it",
        help_text="The members of this situation or partnership see all of the count and add spend to it",
    )
    is_open = forms.BooleanField(
        label="Let every signed-in user see the totals (lines marked sensitive stay with the members)",
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        situations = Situation.objects.filter(memberships__user=user).distinct().order_by("title")
        partnerships = Partnership.objects.filter(participants__user=user, participants__left_on=None)
        belongs_to: Any = self.fields["belongs_to"]
        belongs_to.choices = (
            [("", "Choose one")]
            + [(f"s{s.pk}", f"Situation: {s.title}") for s in situations]
            + [(f"p{p.pk}", f"Partnership: {p.title}") for p in partnerships.distinct().order_by("title")]
        )

    def owner(self) -> dict[str, Any]:
        """The situation or partnership chosen (the choices are only the user's own)."""
        value = self.cleaned_data["belongs_to"]
        if value.startswith("s"):
            return {"situation": Situation.objects.get(pk=int(value[1:]))}
        return {"partnership": Partnership.objects.get(pk=int(value[1:]))}


def bodies_for(place: Place) -> Any:
    """Bodies that may spend in a place: its own organisations and those of its county and combined authority,
    and those not tied to any place (departments and their local arms, national bodies)."""
    here = [p.pk for p in (place, place.county, place.combined_authority) if p is not None]
    return Organisation.objects.filter(Q(place__in=here) | Q(place__isnull=True), is_active=True).order_by(
        "name"
    )


class ImportForm(GovukForm):
    body = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Which body's spend is this",
        help_text="Each line is recorded as this body's spend, supplied by you today",
    )
    file = forms.FileField(
        label="Spend file (CSV)",
        help_text="Use the template's columns. Save a spreadsheet as “CSV UTF-8”. "
        f"Up to {MAX_UPLOAD_MB} MB; a large file is read in the background.",
    )

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body: Any = self.fields["body"]
        body.queryset = bodies_for(place)

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB: split it")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text: save it as “CSV UTF-8”") from None


class ThemeSituationForm(GovukForm):
    title = forms.CharField(max_length=200)
    framing = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="How the situation looks from here, in a few sentences",
    )
    perspective = forms.ChoiceField(
        label="The perspective you bring", choices=Perspective.choices, widget=forms.RadioSelect
    )


class LineForm(GovukForm):
    """One spend line by hand; the service checks it as it checks a file's row."""

    body = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Which body's spend is this")
    year = forms.CharField(label="Financial year", max_length=9, help_text="For example 2025-26")
    theme = forms.ChoiceField(choices=Theme.choices)
    amount = forms.CharField(label="Amount (£)", max_length=20)
    funding_source = forms.CharField(
        label="Whose money", max_length=250, required=False,
        help_text="A department or other organisation by name or abbreviation; leave blank for the body's own money",
    )  # fmt: skip
    channel = forms.ChoiceField(label="Delivery channel", choices=Channel.choices)
    people_served = forms.CharField(max_length=10, required=False)
    households_served = forms.CharField(max_length=10, required=False)
    confidence = forms.ChoiceField(
        choices=Confidence.choices, widget=forms.RadioSelect, initial=Confidence.ESTIMATED
    )
    sensitive = forms.BooleanField(label="Sensitive: only the count's members see this line", required=False)
    description = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body: Any = self.fields["body"]
        body.queryset = bodies_for(place)

    def row(self) -> dict[str, str]:
        data = self.cleaned_data
        row = {name: str(data.get(name) or "") for name in self.fields if name not in ("body", "sensitive")}
        return {**row, "sensitive": "yes" if data.get("sensitive") else "no"}
