from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from joinedup.core.forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        # WCAG 3.3.8: nothing here stops a password manager or a paste.
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive for the password.",
        "inactive": "This account has been switched off. Ask your coordinator.",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class ResetRequestForm(GovukFormMixin, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"


class NewPasswordForm(GovukFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    pass
