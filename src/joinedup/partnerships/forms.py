from typing import Any

from django import forms
from django.db.models import QuerySet

from joinedup.accounts.models import User
from joinedup.core.forms import GovukForm, GovukModelForm
from joinedup.partnerships.items import ITEMS, SCALE, SHRUG, SHRUG_SCALE
from joinedup.partnerships.models import (
    CHARTER_FIELDS,
    MAX_CODES_PER_BATCH,
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


class PartnershipCreateForm(GovukModelForm):
    class Meta:
        model = Partnership
        # The shared outcome is asked first: everything else follows from it.
        fields = ["shared_outcome", "title", "kind", "programme", "places"]
        widgets = {"places": forms.SelectMultiple(attrs={"size": 6})}


class CharterForm(GovukModelForm):
    class Meta:
        model = Partnership
        fields = CHARTER_FIELDS
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
    def __init__(self, *args: Any, members: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)  # a ForeignKey's form field
        owner.queryset = members if members is not None else User.objects.none()

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
        fields = ["opens_on", "closes_on"]
        widgets = {"opens_on": DATE_WIDGET, "closes_on": DATE_WIDGET}


class AnswerForm(GovukForm):
    """Thirteen rated items and one free text. Nothing else: the side comes from the respondent's invitation and
    no time is taken from the browser."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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

    def item_groups(self) -> list[tuple[str, list[Any]]]:
        """The rated items as the page shows them: the five dimensions, then the frontline "shrug" items."""
        rated = [self[item.code] for item in ITEMS if item.dimension != SHRUG]
        shrug = [self[item.code] for item in ITEMS if item.dimension == SHRUG]
        return [("How the partnership is working", rated), ("The frontline view", shrug)]

    def answers(self) -> dict[str, int]:
        return {item.code: self.cleaned_data[item.code] for item in ITEMS}


class IssueCodesForm(GovukForm):
    side = forms.ChoiceField(
        label="Which side will answer with these codes?",
        choices=RespondentSide.choices,
        initial=RespondentSide.FRONTLINE,
        widget=forms.RadioSelect,
        help_text="Each code answers once, as this side. People cannot choose another side.",
    )
    count = forms.IntegerField(
        label="How many codes?",
        min_value=1,
        max_value=MAX_CODES_PER_BATCH,
        initial=10,
        help_text=f"One per person, from 1 to {MAX_CODES_PER_BATCH}. Give each person one code.",
    )


class EnterCodeForm(GovukForm):
    code = forms.CharField(
        label="Your code", max_length=40, help_text="The code on your slip, for example ABCD-EFGH-JKLM-NPQR"
    )
