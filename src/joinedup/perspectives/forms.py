"""Forms for conversations. Bulk statements come one per line or as a CSV; every bad line is named."""

import io
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from joinedup import csvsafe
from joinedup.core.forms import GovukForm, GovukModelForm
from joinedup.perspectives.models import STATEMENT_MAX_LENGTH, Conversation, VoteValue
from joinedup.perspectives.services import statement_text_clean
from joinedup.situations.models import Perspective

MAX_UPLOAD_BYTES = 1_000_000
CSV_TEXT_COLUMNS = ("statement", "text", "comment-body")
VOTE_WORDS = {"agree": VoteValue.AGREE, "disagree": VoteValue.DISAGREE, "pass": VoteValue.PASS}


def statements_parse_lines(text: str) -> list[str]:
    """One statement per line; blank lines skipped; ValidationError listing every bad line."""
    return _clean_all(enumerate(text.splitlines(), start=1), "Line")


def statements_parse_csv(content: str) -> list[str]:
    """A CSV with a `statement` (or `text`, `comment-body`) column, else the first column; the header row
    is optional only in the sense that a first row not naming a column is read as a statement."""
    rows = list(csvsafe.reader(io.StringIO(content)))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    column = next((header.index(c) for c in CSV_TEXT_COLUMNS if c in header), None)
    start = 2 if column is not None else 1
    body = rows[1:] if column is not None else rows
    cells = [
        (n, row[column or 0] if len(row) > (column or 0) else "") for n, row in enumerate(body, start=start)
    ]
    return _clean_all(cells, "Row")


def _clean_all(numbered: Any, word: str) -> list[str]:
    found: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    for n, raw in numbered:
        if not raw.strip():
            continue
        try:
            clean = statement_text_clean(raw)
        except ValidationError as exc:
            errors.append(f"{word} {n}: {exc.messages[0]}")
            continue
        if clean.lower() in seen:
            errors.append(f"{word} {n}: repeats an earlier statement")
            continue
        seen.add(clean.lower())
        found.append(clean)
    if errors:
        raise ValidationError(errors)
    return found


class BulkStatementsMixin:
    """Adds `statements` (one per line) and `statements_file` (.csv or .txt) and cleans them into a list."""

    cleaned_data: dict[str, Any]

    def bulk_statements(self) -> list[str]:
        texts = statements_parse_lines(self.cleaned_data.get("statements") or "")
        upload = self.cleaned_data.get("statements_file")
        if upload is not None:
            texts += _parse_upload(upload)
        return texts


def _parse_upload(upload: Any) -> list[str]:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The file must be smaller than 1 MB")
    try:
        content = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The file must be UTF-8 text (a CSV or a plain text file)") from None
    if upload.name.lower().endswith(".csv"):
        return statements_parse_csv(content)
    return statements_parse_lines(content)


def _statements_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"One statement per line, each {STATEMENT_MAX_LENGTH} characters or fewer. "
        "Short, single ideas work best, for example: “Families are placed out of area without warning.”",
    )


def _file_field() -> forms.FileField:
    return forms.FileField(
        label="Or upload statements",
        required=False,
        help_text="A CSV file with a column headed “statement”, or a text file with one statement per line.",
    )


class ConversationCreateForm(BulkStatementsMixin, GovukForm):
    title = forms.CharField(
        max_length=200, help_text="A short name, for example “Getting families out of B&Bs”"
    )
    question = forms.CharField(
        label="Framing question",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What people respond to, for example “What stops families moving on from temporary accommodation?”",
    )
    statements = _statements_field("Seed statements")
    statements_file = _file_field()
    members_add_statements = forms.BooleanField(
        label="Members can add their own statements (you approve each one first)",
        required=False,
        initial=True,
    )
    anonymous_enabled = forms.BooleanField(
        label="Anyone with a private link can take part without an account", required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                cleaned["seed_statements"] = self.bulk_statements()
            except ValidationError as exc:
                self.add_error("statements", exc)
        return cleaned


class StatementUploadForm(BulkStatementsMixin, GovukForm):
    statements = _statements_field("Statements to add")
    statements_file = _file_field()

    # Same clean() as ConversationCreateForm above, into another key and returning early: both lean on
    # BulkStatementsMixin.bulk_statements; what repeats is the try/add_error wrapper.
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                cleaned["texts"] = self.bulk_statements()
            except ValidationError as exc:
                self.add_error("statements", exc)
                return cleaned
            if not cleaned["texts"]:
                self.add_error("statements", "Enter at least one statement or choose a file")
        return cleaned


class ConversationSettingsForm(GovukModelForm):
    class Meta:
        model = Conversation
        fields = ["title", "question", "is_open", "members_add_statements", "anonymous_enabled"]
        labels = {
            "question": "Framing question",
            "is_open": "Open for votes and statements",
            "members_add_statements": "Members can add their own statements",
            "anonymous_enabled": "Anyone with the private link can take part without an account",
        }
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}


class StatementForm(GovukForm):
    text = forms.CharField(
        label="Your statement",
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One idea others can agree or disagree with. A convener reads it before others vote on it.",
    )

    def clean_text(self) -> str:
        return statement_text_clean(self.cleaned_data["text"])


class PerspectiveForm(GovukForm):
    perspective = forms.ChoiceField(
        label="Which of these best describes where you stand?",
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        help_text="This lets the report compare how each side sees things. Nothing else about you is kept.",
    )


class VoteForm(forms.Form):
    """The vote buttons: a hidden statement id and the button pressed."""

    statement = forms.IntegerField(widget=forms.HiddenInput)
    vote = forms.ChoiceField(choices=[(w, w) for w in VOTE_WORDS])

    def value(self) -> int:
        return int(VOTE_WORDS[self.cleaned_data["vote"]])


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
