"""Forms for situations. Places are typed by name or GSS code: a list of 400 is no use without search."""

import re
from typing import Any

from django import forms
from django.db.models import Q

from joinedup.accounts.models import User
from joinedup.core.forms import GovukForm, GovukModelForm
from joinedup.places.models import Place
from joinedup.situations.models import MemberRole, Membership, Perspective, Situation

GSS_CODE = re.compile(r"^[EWSNK]\d{8}$", re.IGNORECASE)


def _place_for(token: str) -> Place:
    """One place for a typed name or GSS code, or a ValidationError that says which entry failed and why."""
    if GSS_CODE.match(token):
        place = Place.objects.filter(gss_code=token.upper()).first()
        if place is None:
            raise forms.ValidationError(f"No place has the GSS code {token.upper()}.")
        return place
    found = list(
        Place.objects.filter(Q(name__iexact=token) | Q(official_name__iexact=token), is_current=True)[:2]
    )
    if not found:
        raise forms.ValidationError(f"No place is called “{token}”: check the spelling or use its GSS code.")
    if len(found) > 1:
        codes = " or ".join(p.gss_code for p in found)
        raise forms.ValidationError(f"More than one place is called “{token}”: use its GSS code ({codes}).")
    return found[0]


class PlacesField(forms.CharField):
    """A text box of place names or GSS codes, separated by commas or new lines."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return ", ".join(p.name if isinstance(p, Place) else str(p) for p in items)
        return value

    def clean(self, value: Any) -> list[Place]:  # type: ignore[override]  # a text field that cleans to Places
        text = super().clean(value) or ""
        tokens = [t.strip() for t in re.split(r"[,\n;]", text) if t.strip()]
        places: list[Place] = []
        errors: list[forms.ValidationError] = []
        for token in tokens:
            try:
                place = _place_for(token)
            except forms.ValidationError as exc:
                errors.append(exc)
                continue
            if place not in places:
                places.append(place)
        if errors:
            raise forms.ValidationError(errors)
        return places


class SituationForm(GovukModelForm):
    places = PlacesField(
        required=False,
        label="Places",
        help_text="Local authority areas by name or GSS code, separated by commas, for example: Leeds, E06000014",
    )

    class Meta:
        model = Situation
        fields = ["title", "framing", "places", "policy_areas", "status"]
        widgets = {"policy_areas": forms.CheckboxSelectMultiple, "framing": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "framing": "What is going on, who it affects, and why it needs more than one organisation"
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["places"] = list(self.instance.places.all())


class SituationCreateForm(SituationForm):
    perspective = forms.ChoiceField(
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        label="Your perspective",
        help_text="What you bring to this situation",
    )

    class Meta(SituationForm.Meta):
        fields = ["title", "framing", "places", "policy_areas"]


class MemberInviteForm(GovukForm):
    email = forms.EmailField(label="Email address", help_text="They must already have a Joined Up account")
    # The answer is the same whether or not the address has an account (no one learns who is on Joined Up
    # from it): clean_email gives the address, and cleaned_data["user"] the account or None.
    perspective = forms.ChoiceField(
        choices=Perspective.choices, widget=forms.RadioSelect, label="Their perspective"
    )
    role = forms.ChoiceField(choices=MemberRole.choices, initial=MemberRole.MEMBER, widget=forms.RadioSelect)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        self.cleaned_data["user"] = User.objects.filter(email=email, is_active=True).first()
        return email


class MembershipForm(GovukModelForm):
    class Meta:
        model = Membership
        fields = ["role", "perspective"]
