import time
from typing import Any

from django import forms
from django.core import signing

from joinedup.accounts.models import User
from joinedup.core.forms import GovukForm, GovukModelForm
from joinedup.partnerships.items import ITEMS, SCALE, SHRUG, SHRUG_SCALE
from joinedup.partnerships.models import (
    CostLine,
    Deliverable,
    ExitReview,
    HealthCheck,
    Milestone,
    ParticipantRole,
    Partnership,
    RespondentSide,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
START_SALT = "joinedup.partnerships.answer-start"


class PartnershipCreateForm(GovukModelForm):
    class Meta:
        model = Partnership
        # The shared outcome is asked first: everything else follows from it.
        fields = ["shared_outcome", "title", "kind", "programme", "places"]
        widgets = {"places": forms.SelectMultiple(attrs={"size": 6})}


class CharterForm(GovukModelForm):
    class Meta:
        model = Partnership
        fields = [
            "shared_outcome",
            "title",
            "kind",
            "programme",
            "central_brings",
            "local_brings",
            "timescale",
            "start_date",
            "exit_criteria",
            "planned_exit_date",
        ]
        widgets = {"start_date": DATE_WIDGET, "planned_exit_date": DATE_WIDGET}


class PersonByEmailForm(GovukForm):
    email = forms.EmailField(
        label="Their email address", help_text="They must already have a Joined Up account"
    )

    def clean_email(self) -> str:
        # The same answer whether or not the address has an account: cleaned_data["user"] is the account or None.
        email = str(self.cleaned_data["email"]).strip().lower()
        self.cleaned_data["user"] = User.objects.filter(email=email, is_active=True).first()
        return email


class ParticipantForm(PersonByEmailForm):
    role = forms.ChoiceField(choices=ParticipantRole.choices, widget=forms.RadioSelect, initial="member")


class ChampionForm(PersonByEmailForm):
    is_senior = forms.BooleanField(
        label="They are a senior leader in their organisation", required=False, initial=True
    )


class DeclarationForm(GovukForm):
    represents = forms.CharField(
        label="Whom do you represent here?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your organisation, a team, a professional body, a community — which hat you are wearing",
    )
    conflicts = forms.CharField(
        label="Any conflict of interest",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Leave blank if there is none",
    )


class CostForm(GovukModelForm):
    class Meta:
        model = CostLine
        fields = ["item", "bearer", "amount", "note"]
        widgets = {"bearer": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 2})}


class DeliverableForm(GovukModelForm):
    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members if members is not None else User.objects.none()  # type: ignore[attr-defined]

    class Meta:
        model = Deliverable
        fields = ["title", "description", "owner", "due_date", "status", "progress"]
        widgets = {"due_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 2})}


class MilestoneForm(GovukModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "reached_on"]
        widgets = {"due_date": DATE_WIDGET, "reached_on": DATE_WIDGET}


class ExitReviewForm(GovukModelForm):
    class Meta:
        model = ExitReview
        fields = ["set_out_to_do", "what_happened", "do_differently", "helped_or_hindered"]


class ScheduleCheckForm(GovukModelForm):
    class Meta:
        model = HealthCheck
        fields = ["opens_on", "closes_on", "frontline_link_enabled"]
        widgets = {"opens_on": DATE_WIDGET, "closes_on": DATE_WIDGET}


class AnswerForm(GovukForm):
    """Thirteen rated items, the side and one free text. The start time is signed into the form so the time
    taken can be measured without storing when anyone answered."""

    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, default_side: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["side"] = forms.ChoiceField(
            label="Which side are you answering from?",
            choices=RespondentSide.choices,
            widget=forms.RadioSelect,
            initial=default_side,
        )
        for item in ITEMS:
            scale = SHRUG_SCALE if item.dimension == SHRUG else SCALE
            self.fields[item.code] = forms.TypedChoiceField(
                label=item.text, choices=scale, coerce=int, widget=forms.RadioSelect
            )
        self.fields["talk_about"] = forms.CharField(
            label="What should we talk about?",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Optional. Do not name people: your answer is shown to the partnership as written.",
        )
        if not self.is_bound:
            self.initial["started"] = signing.dumps({"t": time.time()}, salt=START_SALT)

    def started_at(self) -> float | None:
        try:
            data = signing.loads(self.cleaned_data["started"], salt=START_SALT, max_age=6 * 3600)
            return float(data["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None

    def item_groups(self) -> list[tuple[str, list[Any]]]:
        """The rated items as the page shows them: the five dimensions, then the frontline "shrug" items."""
        rated = [self[item.code] for item in ITEMS if item.dimension != SHRUG]
        shrug = [self[item.code] for item in ITEMS if item.dimension == SHRUG]
        return [("How the partnership is working", rated), ("The frontline view", shrug)]

    def answers(self) -> dict[str, int]:
        return {item.code: self.cleaned_data[item.code] for item in ITEMS}
