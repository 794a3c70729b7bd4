"""Forms for the directory's filters, editing your own profile and erasing your data."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from joinedup.core.forms import GovukForm, GovukModelForm
from joinedup.people.models import CareerEntry, Level, PolicyArea, Profile
from joinedup.people.selectors import DirectoryFilters
from joinedup.places.models import Organisation, Place, Sector

ANY = [("", "Any")]


class DirectoryFilterForm(GovukForm):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Say who you are looking for, for example “someone who knows adult social care in Leeds”",
    )
    sector = forms.ChoiceField(label="Sector", required=False, choices=ANY + list(Sector.choices))
    organisation = forms.CharField(label="Organisation", required=False, max_length=200)
    place = forms.CharField(
        label="Place known",
        required=False,
        max_length=100,
        help_text="Name or GSS code of a local area, for example Leeds or E08000035",
    )
    policy_area = forms.ModelChoiceField(
        label="Policy area", required=False, queryset=PolicyArea.objects.all(), empty_label="Any"
    )
    level = forms.ChoiceField(label="Level", required=False, choices=ANY + list(Level.choices))
    both_sides = forms.BooleanField(label="Has worked in central and local government", required=False)
    order = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("", "Best match first"), ("name", "By name")],
        help_text="Without a search, people are in name order",
    )

    def clean_place(self) -> Place | None:
        places = places_from_text(self.cleaned_data.get("place", ""))
        if len(places) > 1:
            raise ValidationError("Choose one place")
        return places[0] if places else None

    def filters(self) -> DirectoryFilters:
        # Valid filters still apply when another one is wrong (its error is shown beside it).
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return DirectoryFilters(
            q=data.get("q", ""),
            sector=data.get("sector", ""),
            organisation=data.get("organisation", "").strip(),
            place=data.get("place"),
            policy_area=data.get("policy_area"),
            level=data.get("level", ""),
            both_sides=bool(data.get("both_sides")),
            order=data.get("order", ""),
        )


def places_from_text(text: str) -> list[Place]:
    """Places named in "Leeds; E08000036; york": GSS codes or exact names, in any case.

    Raises a ValidationError naming every place it cannot find, and every name two places share.
    """
    wanted = [part.strip() for part in text.split(";") if part.strip()]
    if not wanted:
        return []
    # ~400 current places: one small query, then lookups in Python.
    places = list(Place.objects.filter(is_current=True).only("pk", "name", "gss_code"))
    by_code = {p.gss_code.upper(): p for p in places}
    by_name: dict[str, list[Place]] = {}
    for p in places:
        by_name.setdefault(p.name.lower(), []).append(p)
    found: dict[int, Place] = {}
    errors = []
    for word in wanted:
        matches = [by_code[word.upper()]] if word.upper() in by_code else by_name.get(word.lower(), [])
        if not matches:
            errors.append(
                f"We could not find a place called “{word}”: use the name or GSS code of a local area"
            )
        elif len(matches) > 1:
            errors.append(f"More than one place is called “{word}”: use its GSS code")
        else:
            found[matches[0].pk] = matches[0]
    if errors:
        raise ValidationError(errors)
    return list(found.values())


class ProfileForm(GovukModelForm):
    """Your own profile. Places are typed, not picked: a select-multiple of ~400 places needs Ctrl-click and is
    hard to use with a keyboard or screen reader, and 400 checkboxes make a very long page; a text field of names or
    GSS codes works without JavaScript, is quick for people who know their patch, and each unknown name is named
    back in the error."""

    name = forms.CharField(label="Your name", max_length=150)
    places_text = forms.CharField(
        label="Places you know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Names or GSS codes of local areas, separated by semicolons, for example: Leeds; E06000014",
    )

    class Meta:
        model = Profile
        fields = [
            "organisation",
            "sector",
            "job_title",
            "level",
            "policy_areas",
            "offers",
            "seeks",
            "visibility",
        ]
        widgets = {
            "sector": forms.RadioSelect,
            "policy_areas": forms.CheckboxSelectMultiple,
            "level": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "offers": forms.Textarea(attrs={"rows": 3}),
            "seeks": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"visibility": "Who can see your profile"}
        help_texts = {
            "organisation": "Where you work now. Leave blank if it is not listed.",
            "sector": "If your organisation is listed, its sector is used.",
            "offers": "Experience, knowledge or help you could give others",
            "seeks": "What you would like to learn, or who you would like to meet",
        }

    field_order = ["name", "organisation", "sector", "job_title", "level", "places_text", "policy_areas"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organisation"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = Organisation.objects.filter(is_active=True).only("pk", "name")
        self.fields["job_title"].required = True
        if self.instance.pk:
            self.initial.setdefault("places_text", "; ".join(p.name for p in self.instance.places.all()))

    def clean_places_text(self) -> list[Place]:
        return places_from_text(self.cleaned_data.get("places_text", ""))


class CareerEntryForm(GovukModelForm):
    start_year = forms.IntegerField(label="Start year", min_value=1950)
    end_year = forms.IntegerField(label="End year", required=False, help_text="Leave blank if current")

    class Meta:
        model = CareerEntry
        fields = ["organisation_name", "sector", "role", "start_year", "end_year"]
        labels = {"organisation_name": "Organisation"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = datetime.date.today().year
        for name in ("start_year", "end_year"):
            field = self.fields[name]
            assert isinstance(field, forms.IntegerField)
            field.validators.append(_not_after(this_year))
        self.fields["organisation_name"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "The end year must be the same as or after the start year")
        return data


def _not_after(year: int) -> Any:
    def check(value: int | None) -> None:
        if value is not None and value > year:
            raise ValidationError(f"The year must be {year} or earlier")

    return check


CareerFormSet = forms.inlineformset_factory(
    Profile, CareerEntry, form=CareerEntryForm, extra=1, can_delete=True, max_num=30
)


class EraseConfirmForm(GovukForm):
    confirm = forms.BooleanField(
        label="I understand that my profile will be deleted and I will not be able to sign in again",
        error_messages={"required": "Confirm that you understand before we erase your data"},
    )
