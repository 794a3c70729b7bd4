"""The invite form (addresses typed, pasted or from a CSV file; a role), and the sign-up form of the accept page.

Addresses are checked row by row; any bad row refuses the whole form, with each row's reason, and nothing is
written. No check depends on whether an address has an account.
"""

import csv
import io
import re
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from joinedup.core.forms import GovukForm
from joinedup.csvsafe import cell_unescape

MAX_ADDRESSES = 500
MAX_UPLOAD_BYTES = 1_000_000
_SPLIT = re.compile(r"[\s,;]+")


def _rows_from_text(text: str) -> list[tuple[str, str]]:
    return [(f"Address {n}", a) for n, a in enumerate((a for a in _SPLIT.split(text) if a), 1)]


def _rows_from_csv(upload: Any) -> list[tuple[str, str]]:
    # Same upload reading as perspectives.forms._parse_upload (size, UTF-8): could be one core helper; left
    # for later (invitations reads CSV only, perspectives CSV or text).
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The file must be smaller than 1 MB")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The file must be a CSV file saved as UTF-8") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [c.strip().lower() for c in rows[0]]
    column = header.index("email") if "email" in header else 0
    body = rows[1:] if "email" in header else rows
    first = 2 if "email" in header else 1
    return [
        (f"Row {n}", cell_unescape(row[column].strip()) if len(row) > column else "")
        for n, row in enumerate(body, first)
        if any(c.strip() for c in row)
    ]


class InviteForm(GovukForm):
    addresses = forms.CharField(
        label="Email addresses",
        help_text="One or more, separated by commas, spaces or new lines",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    upload = forms.FileField(
        label="Or upload a CSV file", help_text="A column headed “email”, or addresses in the first column",
        required=False,
    )  # fmt: skip
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect)

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = roles
        role.initial = roles[0][0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rows = _rows_from_text(data.get("addresses") or "")
        if data.get("upload"):
            try:
                rows += _rows_from_csv(data["upload"])
            except ValidationError as exc:
                self.add_error("upload", exc)
                return data
        if not rows:
            self.add_error("addresses", "Enter at least one email address, or upload a CSV file")
            return data
        if len(rows) > MAX_ADDRESSES:
            self.add_error("addresses", f"Invite at most {MAX_ADDRESSES} addresses at a time")
            return data
        problems, seen, emails = [], set(), []
        for where, address in rows:
            email = address.strip().lower()
            try:
                if not email:
                    raise ValidationError("is empty")
                validate_email(email)
            except ValidationError:
                problems.append(f"{where}: “{address[:80]}” is not an email address")
                continue
            if email in seen:
                problems.append(f"{where}: {email} appears more than once")
                continue
            seen.add(email)
            emails.append(email)
        for problem in problems:
            self.add_error("addresses", problem)
        data["emails"] = emails
        return data


class SignUpForm(GovukForm):
    name = forms.CharField(label="Your full name", max_length=150)
    password = forms.CharField(
        label="Choose a password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )  # fmt: skip

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        from joinedup.accounts.models import User

        validate_password(password, User(email=self.email, name=self.data.get("name", "")))
        return password
