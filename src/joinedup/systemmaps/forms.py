"""Forms for the pages that work without JavaScript: the keyboard and non-drag way to build a map."""

from typing import Any, cast

from django import forms

from joinedup.core.forms import GovukForm
from joinedup.systemmaps.limits import map_limits
from joinedup.systemmaps.models import Factor, Owner, Polarity

OWNER_CHOICES = [("", "Not known"), *Owner.choices]


class SystemMapForm(GovukForm):
    title = forms.CharField(max_length=200, label="Title of the map")
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What the map is about (optional)"
    )


class FactorForm(GovukForm):
    label = forms.CharField(
        max_length=200,
        label="Factor",
        help_text="Something that can go up or down, like “Empty homes on the estate”",
    )
    owner = forms.ChoiceField(choices=OWNER_CHOICES, required=False, label="Who can act on it")
    organisation = forms.CharField(max_length=200, required=False, label="Organisation (optional)")
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Description (optional)"
    )


class LinkForm(GovukForm):
    source = forms.ModelChoiceField(
        queryset=Factor.objects.none(), label="From", empty_label="Choose a factor"
    )
    target = forms.ModelChoiceField(queryset=Factor.objects.none(), label="To", empty_label="Choose a factor")
    polarity = forms.ChoiceField(
        choices=Polarity.choices, widget=forms.RadioSelect, label="How the first affects the second"
    )
    delay = forms.BooleanField(required=False, label="The effect takes a long time to show")
    strength = forms.FloatField(
        initial=1.0,
        min_value=0.01,
        max_value=100,
        label="Strength",
        help_text="1 is ordinary; 2 twice as strong",
    )

    def __init__(self, *args: Any, factors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if factors is not None:
            cast("forms.ModelChoiceField[Any]", self.fields["source"]).queryset = factors
            cast("forms.ModelChoiceField[Any]", self.fields["target"]).queryset = factors


class LinkEditForm(GovukForm):
    polarity = forms.ChoiceField(
        choices=Polarity.choices, widget=forms.RadioSelect, label="How the first affects the second"
    )
    delay = forms.BooleanField(required=False, label="The effect takes a long time to show")
    strength = forms.FloatField(min_value=0.01, max_value=100, label="Strength")


IMPORT_FORMATS = [
    ("graphml", "GraphML (.graphml)"),
    ("kumu-json", "Kumu JSON blueprint (.json)"),
    ("csv", "Two CSV files: factors.csv and links.csv"),
    ("kumu-csv", "Kumu spreadsheet as two CSV files: elements and connections"),
]


class ImportForm(GovukForm):
    title = forms.CharField(max_length=200, label="Title of the new map")
    format = forms.ChoiceField(choices=IMPORT_FORMATS, widget=forms.RadioSelect, label="Format")
    file = forms.FileField(
        label="File", help_text="The GraphML or JSON file, or factors.csv / the Kumu elements sheet"
    )
    second_file = forms.FileField(
        required=False,
        label="Second file (CSV layouts only)",
        help_text="links.csv, or the Kumu connections sheet",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("format") in ("csv", "kumu-csv") and not data.get("second_file"):
            self.add_error("second_file", "Choose the second file: the CSV layouts need both")
        limit = map_limits().max_bytes
        for name in ("file", "second_file"):
            upload = data.get(name)
            if upload is not None and upload.size > limit:
                self.add_error(
                    name,
                    f"The file is {upload.size / 1_000_000:,.1f} MB; the limit is "
                    f"{limit / 1_000_000:,.1f} MB per map file",
                )
        return data


class WhatIfForm(GovukForm):
    factor = forms.ModelChoiceField(
        queryset=Factor.objects.none(), label="If this goes up", empty_label="Choose a factor"
    )

    def __init__(self, *args: Any, factors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if factors is not None:
            cast("forms.ModelChoiceField[Any]", self.fields["factor"]).queryset = factors


class VersionForm(GovukForm):
    name = forms.CharField(
        max_length=200, label="Name this version", help_text="For example “After the March workshop”"
    )
