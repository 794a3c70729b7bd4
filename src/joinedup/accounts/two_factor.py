"""Setting up and proving a TOTP second factor (django-otp)."""

import base64

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.actors import Actor
from joinedup.accounts.forms import TokenForm


def _next_url(request: HttpRequest) -> str:
    candidate = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return "/dashboard/"


def _device_for(user: Actor) -> TOTPDevice:
    confirmed = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if confirmed is not None:
        return confirmed
    pending = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return pending or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    device = _device_for(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token", "That code is not right. Check the time on your device and try the newest code"
        )
    secret = base64.b32encode(device.bin_key).decode() if not device.confirmed else ""
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "setting_up": not device.confirmed,
            "secret": secret,
            "config_url": device.config_url if not device.confirmed else "",
            "next": _next_url(request),
        },
    )
