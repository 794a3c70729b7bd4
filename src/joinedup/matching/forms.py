from typing import Any, cast

from django import forms

from joinedup.core.forms import GovukForm, GovukModelForm
from joinedup.matching.compute import PARTS, settings_for
from joinedup.matching.meetings import SLOT_CHOICES
from joinedup.matching.models import (
    Event,
    Feedback,
    Kind,
    Met,
    Opportunity,
    Preference,
    SecondmentScheme,
    Useful,
)
from joinedup.people.models import PolicyArea, Profile
from joinedup.places.models import Place, Sector

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PART_LABELS = {
    "policy_areas": "Shared policy areas",
    "places": "Shared places, or places in the same region",
    "text": "What one offers against what the other seeks",
    "experience": "One has worked on the other's side",
    "level": "Level (for mentoring: the mentor is more senior)",
}


class PreferenceForm(GovukModelForm):
    class Meta:
        model = Preference
        fields = [
            "active", "paused_until", "mode", "location", "availability", "group_of_three", "role", "mentor_capacity",
        ]  # fmt: skip
        widgets = {"paused_until": DATE_WIDGET, "mode": forms.RadioSelect}
        help_texts = {
            "paused_until": "Leave blank to take part in every round. You stay opted in.",
            "group_of_three": "Some find a first conversation easier with three. You join a pair that suits you.",
        }

    availability = forms.MultipleChoiceField(
        label="When you could usually meet (optional)",
        help_text="Your introduction proposes a time you all can make and adds it to your calendar. "
        "Leave all unticked if any time suits you.",
        choices=SLOT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=kind, **kwargs)
        if kind != Kind.MENTORING:
            del self.fields["role"]
            del self.fields["mentor_capacity"]
        else:
            del self.fields["group_of_three"]  # mentoring is one to one
            self.fields["role"].widget = forms.RadioSelect(
                choices=[("mentor", "Mentor"), ("mentee", "Mentee")]
            )
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                ("mentor", "Mentor"),
                ("mentee", "Mentee"),
            ]
            self.fields["mentor_capacity"].help_text = "Mentors only. Others wait until a place is free."


class BlockForm(GovukForm):
    email = forms.EmailField(
        label="Their email address", help_text="For example your manager or someone in your team"
    )
    reason = forms.ChoiceField(
        label="Who are they to you?",
        choices=[("team", "Someone in my team"), ("manager", "My manager"), ("other", "Someone else")],
        widget=forms.RadioSelect,
    )

    def clean_email(self) -> str:
        # The same answer whether or not the address has an account: cleaned_data["profile"] is theirs or None.
        email = str(self.cleaned_data["email"]).strip().lower()
        self.cleaned_data["profile"] = Profile.objects.filter(user__email=email, user__is_active=True).first()
        return email


class RoundForm(GovukForm):
    name = forms.CharField(
        max_length=150, label="Name of the round", help_text="For example: Coffee across the line, March"
    )
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.COFFEE)
    sectors = forms.MultipleChoiceField(
        label="Sectors", required=False, choices=Sector.choices, widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for everyone opted in",
    )  # fmt: skip
    regions = forms.MultipleChoiceField(label="Regions", required=False, widget=forms.CheckboxSelectMultiple)
    places = forms.ModelMultipleChoiceField(
        Place.objects.filter(is_current=True), required=False, label="Places",
        help_text="People who know one of these places (or whose organisation is in one)",
    )  # fmt: skip
    policy_areas = forms.ModelMultipleChoiceField(
        PolicyArea.objects.all(), required=False, label="Policy areas", widget=forms.CheckboxSelectMultiple
    )
    line_rule = forms.ChoiceField(
        label="Who may be paired", choices=[("cross", "Only central with local government"),
                                            ("any", "Anyone outside their own organisation")],
        widget=forms.RadioSelect, initial="cross",
    )  # fmt: skip
    avoid_rounds = forms.IntegerField(label="Never repeat a pair within this many rounds", initial=12, min_value=0,
                                      max_value=100)  # fmt: skip
    trios = forms.BooleanField(
        label="Make a group of three when numbers are odd", required=False, initial=True
    )
    run_on = forms.DateField(label="Run on", required=False, widget=DATE_WIDGET)
    meet_by = forms.DateField(label="Meet by", required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = (
            Place.objects.exclude(region="").values_list("region", flat=True).distinct().order_by("region")
        )
        cast(forms.ChoiceField, self.fields["regions"]).choices = [(r, r) for r in regions]
        self.fields["places"].widget.attrs["size"] = 6
        coffee, mentoring = (settings_for(k).weights.as_dict() for k in ("coffee", "mentoring"))
        for part in PARTS:
            default = f"{coffee[part]:g} for coffee and peers, {mentoring[part]:g} for mentoring"
            self.fields[f"weight_{part}"] = forms.FloatField(
                label=f"Weight: {PART_LABELS[part].lower()}", required=False, min_value=0, max_value=10,
                help_text=f"Leave blank for the default ({default})",
            )  # fmt: skip
        # The base mixin styled the fields it saw; style the added ones the same way.
        for part in PARTS:
            self.fields[f"weight_{part}"].widget.attrs["class"] = "govuk-input govuk-input--width-5"

    # Date-order check alike in shape to people.forms (start and end year): different fields and message.
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        run_on, meet_by = data.get("run_on"), data.get("meet_by")
        if run_on and meet_by and meet_by < run_on:
            self.add_error("meet_by", "The meeting date must be after the round runs")
        return data

    def round_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        weights = {p: data.pop(f"weight_{p}") for p in PARTS}
        data["weights"] = {p: w for p, w in weights.items() if w is not None}
        return data


class FeedbackForm(GovukModelForm):
    class Meta:
        model = Feedback
        fields = ["met", "useful", "comment"]
        widgets = {
            "met": forms.RadioSelect,
            "useful": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["useful"]).choices = [c for c in Useful.choices if c[0]]
        self.fields["useful"].required = False
        cast(forms.ChoiceField, self.fields["met"]).choices = Met.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("met") == Met.YES and not data.get("useful"):
            self.add_error("useful", "Say whether the meeting was useful")
        return data


class SchemeForm(GovukModelForm):
    class Meta:
        model = SecondmentScheme
        fields = ["name", "closes_on"]
        widgets = {"closes_on": DATE_WIDGET}


class OpportunityForm(GovukModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "scheme", "title", "host_organisation", "contact_name", "contact_email", "place", "duration_months",
            "description", "skills_sought", "capacity", "salary_paid_by", "expenses_paid_by", "how_it_ends",
        ]  # fmt: skip
        labels = {"salary_paid_by": "Who pays the salary", "expenses_paid_by": "Who pays travel and expenses"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "skills_sought": forms.Textarea(attrs={"rows": 3}),
                   "how_it_ends": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["scheme"]).queryset = SecondmentScheme.objects.filter(
            status="open"
        )
        cast("forms.ModelChoiceField[Any]", self.fields["place"]).queryset = Place.objects.filter(
            is_current=True
        )


class ApplicationForm(GovukForm):
    """One "your choice" select per opportunity: 1 for the first choice, blank for not wanted."""

    statement = forms.CharField(
        label="Why you (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    # Same ranking-form build as HostRankingForm below (applicants ranking opportunities, hosts ranking
    # applicants): could share a base ranking form; left for later.
    def __init__(
        self, *args: Any, opportunities: list[Opportunity], initial_ranking: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.opportunities = opportunities
        choices = [("", "Not wanted")] + [(str(i), f"Choice {i}") for i in range(1, len(opportunities) + 1)]
        for o in opportunities:
            rank = initial_ranking.index(o.pk) + 1 if o.pk in initial_ranking else ""
            self.fields[f"rank_{o.pk}"] = forms.ChoiceField(label=f"{o.title} ({o.place or 'any place'})",
                                                             choices=choices, required=False, initial=str(rank))  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranks = {o.pk: int(data[f"rank_{o.pk}"]) for o in self.opportunities if data.get(f"rank_{o.pk}")}
        if not ranks:
            raise forms.ValidationError("Choose at least one opportunity")
        if len(set(ranks.values())) != len(ranks):
            raise forms.ValidationError("Give each opportunity a different choice number")
        data["ranking"] = sorted(ranks, key=lambda pk: ranks[pk])
        return data


class HostRankingForm(GovukForm):
    """One "your choice" select per applicant who chose the opportunity; blank means not acceptable."""

    def __init__(
        self, *args: Any, applicants: list[Profile], initial_ranking: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.applicants = applicants
        choices = [("", "Would not take")] + [(str(i), f"Choice {i}") for i in range(1, len(applicants) + 1)]
        for p in applicants:
            rank = initial_ranking.index(p.pk) + 1 if p.pk in initial_ranking else ""
            label = f"{p.user.name}, {p.job_title}" + (f", {p.organisation.name}" if p.organisation else "")
            field = forms.ChoiceField(label=label, choices=choices, required=False, initial=str(rank))
            field.widget.attrs["class"] = "govuk-select"
            self.fields[f"rank_{p.pk}"] = field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranks = {p.pk: int(data[f"rank_{p.pk}"]) for p in self.applicants if data.get(f"rank_{p.pk}")}
        if len(set(ranks.values())) != len(ranks):
            raise forms.ValidationError("Give each applicant a different choice number")
        data["ranking"] = sorted(ranks, key=lambda pk: ranks[pk])
        return data


class EventForm(GovukModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "starts_on", "venue", "place", "table_size", "capacity"]
        widgets = {"starts_on": DATE_WIDGET, "kind": forms.RadioSelect}
        labels = {"starts_on": "Date"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["place"]).queryset = Place.objects.filter(
            is_current=True
        )


class BridgeForm(GovukForm):
    place = forms.ModelChoiceField(
        Place.objects.filter(is_current=True), label="Place", to_field_name="gss_code"
    )
    policy_area = forms.ModelChoiceField(PolicyArea.objects.all(), label="Policy area", required=False,
                                         empty_label="Any policy area")  # fmt: skip
