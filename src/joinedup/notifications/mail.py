"""Every email the site sends in the background is built here: a plain-text part, an HTML part, and, for
notifications, one-click unsubscribe headers (RFC 8058) pointing at a signed link."""

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

UNSUBSCRIBE_SALT = "joinedup.notifications.unsubscribe"
ALL_KINDS = "all"


def site_url() -> str:
    return str(getattr(settings, "JOINEDUP_SITE_URL", "")).rstrip("/")


def unsubscribe_token(*, user_id: int, kind: str = ALL_KINDS) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str]:
    """The person and kind a signed unsubscribe token stands for; raises signing.BadSignature if forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["k"])


def unsubscribe_url(*, user_id: int, kind: str = ALL_KINDS) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return site_url() + reverse("notifications:unsubscribe", args=[token])


def message_build(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    unsubscribe: str | None = None,
) -> EmailMultiAlternatives:
    """`template` names a pair: `<template>.txt` and `<template>.html`, rendered with `context` and `site`."""
    context = {**context, "site": site_url(), "unsubscribe": unsubscribe}
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    headers = {}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    return message
