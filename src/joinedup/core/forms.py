"""GOV.UK Design System markup for Django forms: one renderer, so every form looks and behaves alike."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
    forms.ClearableFileInput: "govuk-file-upload",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def govuk_style(field: forms.Field) -> None:
    """Give the field's widget its Design System class, once (unstyled, a select is small and below the
    24-pixel target size of WCAG 2.2, a textarea has no border)."""
    widget = field.widget
    css = next((c for t, c in WIDGET_CLASSES.items() if type(widget) is t), "govuk-input")
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])


if TYPE_CHECKING:  # generic only in the type stubs
    _ModelChoiceIterator = forms.models.ModelChoiceIterator[Any]
else:
    _ModelChoiceIterator = forms.models.ModelChoiceIterator


class ListedModelChoiceIterator(_ModelChoiceIterator):
    """A model field's choices from one plain query.

    Django's iterator asks for `queryset.iterator()`, which on PostgreSQL opens a server-side cursor: three
    round trips to list a dozen policy areas, on every page that shows the field."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


if TYPE_CHECKING:  # the mixin is only ever mixed into a form: type it as one
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class GovukFormMixin(_FormBase):
    """Adds the Design System's classes and error classes to each widget."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedModelChoiceIterator
                field.widget.choices = field.choices
            govuk_style(field)

    def __getitem__(self, name: str) -> forms.BoundField:
        # Fields a form adds after __init__ (one per kind, per item, per opportunity) are styled when rendered.
        if name in self.fields:
            govuk_style(self.fields[name])
        return super().__getitem__(name)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                govuk_style(self.fields[name])
                widget = self.fields[name].widget
                suffix = {
                    "govuk-input": "govuk-input--error",
                    "govuk-textarea": "govuk-textarea--error",
                    "govuk-select": "govuk-select--error",
                }
                for base, err in suffix.items():
                    if base in widget.attrs.get("class", "").split():
                        widget.attrs["class"] += " " + err


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm[Any]):
    pass
