"""Forms for finding places and for editing what is known of one."""

from typing import Any, cast

from django import forms
from django.core.validators import MaxLengthValidator

from joinedup.core.forms import GovukForm, GovukModelForm
from joinedup.places.models import PlaceKnowledge

KNOWLEDGE_MAX_CHARS = 5000


class PlaceFilterForm(GovukForm):
    q = forms.CharField(label="Name", required=False, max_length=100)
    nation = forms.ChoiceField(label="Nation", required=False)
    region = forms.ChoiceField(label="Region (England)", required=False)
    kind = forms.ChoiceField(label="Type of authority", required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = [("", "Any"), *options]

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one (a region that does not exist) is ignored and shown as an error."""
        if self.is_bound:
            self.is_valid()  # leaves the valid fields in cleaned_data even when another one is not
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "query": cleaned.get("q", "").strip(),
            "nation": cleaned.get("nation", ""),
            "region": cleaned.get("region", ""),
            "kind": cleaned.get("kind", ""),
        }


class PlaceKnowledgeForm(GovukModelForm):
    class Meta:
        model = PlaceKnowledge
        fields = ["partnership_history", "local_structures", "local_priorities"]
        help_texts = {
            "partnership_history": "Who has worked together here, on what, and how it went.",
            "local_structures": "Partnership boards, forums and how decisions are made locally.",
            "local_priorities": "What matters most here now, and to whom.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(MaxLengthValidator(KNOWLEDGE_MAX_CHARS))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(str(cleaned.get(name, "")).strip() for name in self.Meta.fields):
            raise forms.ValidationError("Write something in at least one of the boxes.")
        return cleaned
