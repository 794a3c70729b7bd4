from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from joinedup.accounts.models import User
from joinedup.core.forms import GovukForm, GovukFormMixin


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


class SingleSignOnForm(GovukForm):
    """Step one of single sign-on: the address says which organisation's identity provider to use."""

    email = forms.EmailField(
        label="Your work email address",
        help_text="We send you to your organisation's own sign-in page.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_email(self) -> str:
        from joinedup.accounts.sso import domain_of, provider_for_email

        email = str(self.cleaned_data["email"]).strip().lower()
        provider = provider_for_email(email)
        if provider is None:
            raise forms.ValidationError(
                f"Single sign-on is not set up for @{domain_of(email)} addresses. Sign in with your email "
                "address and password instead, or ask your coordinator to set it up for your organisation."
            )
        self.cleaned_data["provider"] = provider
        return email


class ResetRequestForm(GovukFormMixin, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"


if TYPE_CHECKING:  # generic only in the type stubs (not subscriptable at run time)
    _SetPasswordForm = SetPasswordForm[User]
else:
    _SetPasswordForm = SetPasswordForm


class NewPasswordForm(GovukFormMixin, _SetPasswordForm):
    pass


class TokenForm(GovukFormMixin, forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        help_text="The 6-digit code your app shows now for Joined Up",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "Enter all 6 digits of the code",
            "max_length": "Enter only the 6 digits",
        },
    )

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"]).replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code is 6 digits, like 123456")
        return token
