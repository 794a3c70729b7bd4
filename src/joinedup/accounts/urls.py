from django.urls import path

from joinedup.accounts import two_factor, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("sso/", views.single_sign_on, name="sso"),
    path("sso/go/", views.SingleSignOnRedirectView.as_view(), name="sso-go"),
    path("sso/callback/", views.SingleSignOnCallbackView.as_view(), name="sso-callback"),
    path("two-factor/", two_factor.two_factor, name="two-factor"),
    path("password-reset/", views.ResetRequestView.as_view(), name="reset"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="reset-confirm"),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="reset-complete"),
]
