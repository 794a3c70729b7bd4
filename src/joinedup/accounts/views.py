from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from joinedup.accounts.backends import RETRY_AFTER_ATTRIBUTE
from joinedup.accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm, SingleSignOnForm
from joinedup.accounts.sso import SESSION_EMAIL, SESSION_PROVIDER, endpoints, provider_in_session, providers
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["sso_enabled"] = bool(providers())
        return context

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


SSO_FAILED = (
    "Single sign-on did not sign you in. Your organisation's sign-in page may have been cancelled, or it "
    "named an address it is not trusted for. Try again, or sign in with your email address and password."
)


@rate_limited("sign-in", by_address)
@require_http_methods(["GET", "POST"])
def single_sign_on(request: HttpRequest) -> HttpResponse:
    """Step one: which organisation's identity provider, from the address typed."""
    form = SingleSignOnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_PROVIDER] = form.cleaned_data["provider"].key
        request.session[SESSION_EMAIL] = form.cleaned_data["email"]
        go = reverse("accounts:sso-go")
        next_url = request.POST.get("next", "")  # the library keeps it only if it is a safe local address
        return redirect(f"{go}?{urlencode({'next': next_url})}" if next_url else go)
    return render(
        request, "accounts/single_sign_on.html", {"form": form, "next": request.GET.get("next", "")}
    )


class SingleSignOnRedirectView(OIDCAuthenticationRequestView):
    """Step two: off to the chosen provider's authorisation endpoint (state, nonce and PKCE by the library)."""

    def __init__(self, **kwargs: Any) -> None:
        # The parent reads one provider's endpoint from settings here; ours comes from the session in get().
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        provider = provider_in_session(request)
        if provider is None:
            messages.error(request, "Enter your work email address to choose how to sign in.")
            return redirect("accounts:sso")
        self.OIDC_OP_AUTH_ENDPOINT = endpoints(provider)["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response: HttpResponse = super().get(request)
        return response

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        return {"login_hint": str(request.session.get(SESSION_EMAIL, ""))}


class SingleSignOnCallbackView(OIDCAuthenticationCallbackView):
    """Step three: the provider sends the person back with a code; the backend checks it and signs them in."""

    def login_failure(self) -> HttpResponse:
        messages.error(self.request, SSO_FAILED)
        return redirect("accounts:sso")
