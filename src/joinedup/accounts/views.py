from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from joinedup.accounts.backends import RETRY_AFTER_ATTRIBUTE
from joinedup.accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm
from joinedup.core.ratelimits import by_address, rate_limited, too_many_requests

SIGN_IN_PAUSED = (
    "There have been too many failed attempts to sign in to this account, or from your network, in a short time."
    " To keep accounts safe we have paused signing in for them."
)


@method_decorator(rate_limited("sign-in", by_address), name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        seconds = getattr(self.request, RETRY_AFTER_ATTRIBUTE, None)
        if seconds is not None:
            return too_many_requests(self.request, seconds, reason=SIGN_IN_PAUSED)
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    pass


@method_decorator(rate_limited("password-reset", by_address), name="dispatch")
class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/reset_request.html"
    email_template_name = "accounts/reset_email.txt"
    subject_template_name = "accounts/reset_subject.txt"
    success_url = reverse_lazy("accounts:reset-sent")


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/reset_confirm.html"
    success_url = reverse_lazy("accounts:reset-complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"
