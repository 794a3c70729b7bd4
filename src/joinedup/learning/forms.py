from typing import Any, cast

from django import forms

from joinedup.accounts.actors import Actor
from joinedup.core.forms import GovukForm, GovukModelForm
from joinedup.learning.models import ContextFactor, EvidenceRating, EvidenceStrength, Initiative, Lesson
from joinedup.learning.selectors import MODES
from joinedup.people.models import PolicyArea
from joinedup.places.models import Place
from joinedup.situations.selectors import situations_visible_to

PLACE_TYPES = [("", "Any type")] + [
    ("UA", "Unitary authority"),
    ("MD", "Metropolitan district"),
    ("LBO", "London borough"),
    ("NMD", "Non-metropolitan district"),
    ("CTY", "County council"),
    ("COMB", "Combined authority"),
]


def _current_places() -> "forms.ModelMultipleChoiceField[Place]":
    return forms.ModelMultipleChoiceField(
        queryset=Place.objects.filter(is_current=True),
        required=False,
        help_text="Hold Ctrl (or Cmd) to choose more than one",
    )


class LessonForm(GovukModelForm):
    source_url = forms.URLField(
        label="Source URL",
        max_length=400,
        required=False,
        assume_scheme="https",
        help_text="A public report the lesson draws on, if any",
    )
    # Same ContextFactor checkboxes as ReaderPlaceForm.factors: the lesson asks what mattered, the reader what
    # is true of their place; the labels differ, the field declaration stays in each form.
    factors_present = forms.MultipleChoiceField(
        label="Which of these mattered, and were true of the place?",
        choices=ContextFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    factors_absent = forms.MultipleChoiceField(
        label="Which of these mattered, and were missing?",
        choices=ContextFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Lesson
        fields = [
            "title", "summary", "expected", "happened", "why", "differently", "evidence_strength",
            "evidence_rating", "evidence_rating_reason",
            "effect", "mechanism", "moderators", "implementation", "economics", "transfer_factors",
            "source_title", "source_publisher", "source_year", "source_url", "source_licence",
            "initiative", "places", "policy_areas", "situation",
        ]  # fmt: skip
        widgets = {
            "evidence_strength": forms.RadioSelect,
            "evidence_rating": forms.RadioSelect,
            "policy_areas": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 4}) for name in ("summary", "expected", "happened", "why")
            },
        }

    def __init__(self, *args: Any, user: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"] = _current_places()
        cast("forms.ModelChoiceField[Any]", self.fields["situation"]).queryset = situations_visible_to(user)
        cast(forms.ChoiceField, self.fields["evidence_strength"]).choices = EvidenceStrength.choices
        cast(forms.ChoiceField, self.fields["evidence_rating"]).choices = [
            ("", "Not yet rated"),
            *EvidenceRating.choices,
        ]
        if self.instance.pk:
            factors = {f.factor: f.present for f in self.instance.factors.all()}
            self.initial["factors_present"] = [f for f, p in factors.items() if p]
            self.initial["factors_absent"] = [f for f, p in factors.items() if not p]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("factors_present", [])) & set(data.get("factors_absent", []))
        if both:
            labels = ", ".join(str(ContextFactor(f).label) for f in sorted(both))
            self.add_error("factors_absent", f"A factor cannot be both true and missing: {labels}")
        return data

    def factors(self) -> dict[str, bool]:
        present = {f: True for f in self.cleaned_data.get("factors_present", [])}
        return present | {f: False for f in self.cleaned_data.get("factors_absent", [])}


class CommentForm(GovukForm):
    body = forms.CharField(label="Add a comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


SEARCH_MODE_LABELS = {
    "hybrid": "Meaning and words",
    "keyword": "Words only",
    "semantic": "Meaning only",
    "chars": "Word parts and spellings",
}


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Search lessons", required=False, help_text="Describe what you want to learn about"
    )
    mode = forms.ChoiceField(
        label="Search by",
        choices=[(m, SEARCH_MODE_LABELS[m]) for m in MODES],
        required=False,
    )
    policy_area = forms.ChoiceField(label="Policy area", required=False)
    place_type = forms.ChoiceField(label="Place type", choices=PLACE_TYPES, required=False)
    region = forms.ChoiceField(label="Region", required=False)
    evidence_strength = forms.ChoiceField(
        label="Kind of evidence",
        choices=[("", "Any kind of evidence")] + list(EvidenceStrength.choices),
        required=False,
    )
    initiative = forms.ChoiceField(label="Initiative", required=False)
    min_rating = forms.ChoiceField(
        label="Evidence strength",
        choices=[("", "Any strength, or not yet rated")]
        + [(str(v), f"Level {v} or stronger") for v in EvidenceRating.values],
        required=False,
        help_text="Levels 1 to 5, explained on the evidence strength page",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = PolicyArea.objects.values_list("slug", "name")
        regions = (
            Place.objects.exclude(region="").values_list("region", flat=True).distinct().order_by("region")
        )
        cast(forms.ChoiceField, self.fields["policy_area"]).choices = [("", "Any policy area"), *areas]
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", "Any region")] + [
            (r, r) for r in regions
        ]
        initiatives = Initiative.objects.values_list("slug", "name")
        cast(forms.ChoiceField, self.fields["initiative"]).choices = [("", "Any initiative"), *initiatives]


class ReaderPlaceForm(GovukForm):
    place = forms.ModelChoiceField(
        label="Compare with",
        queryset=Place.objects.filter(is_current=True),
        to_field_name="gss_code",
        required=False,
        empty_label="Choose your place",
    )
    factors = forms.MultipleChoiceField(
        label="Which of these are true of your place?",
        choices=ContextFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick those that are true; a box left empty counts as not true",
    )
