"""A real SMTP server on loopback (aiosmtpd) that keeps what it is sent and counts its sessions: for tests and
benches that must see mail go over SMTP, not into Django's test outbox."""

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    """What the server received: each message's recipients and content, and how many sessions greeted it.
    Recipients in `refuse` have their message refused at DATA (a 554), as a relay that rejects one would."""

    def __init__(self, refuse: frozenset[str] = frozenset()) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.sessions = 0
        self.refuse = refuse

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        if session.ssl is None:  # a session greets again after STARTTLS: count it once
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if set(envelope.rcpt_tos) & self.refuse:
            return "554 Transaction failed: refused for this test"
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port() -> int:
    """A free loopback port (aiosmtpd checks it is up by connecting to it, so port 0 will not do)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_sink(
    settings: Any, inbox: Inbox | None = None, tls_context: ssl.SSLContext | None = None
) -> Iterator[Inbox]:
    """Run the server for the block, with Django's settings (the pytest-django fixture, or django.conf.settings)
    pointed at it over plain SMTP. With `tls_context` the server offers STARTTLS (the caller sets EMAIL_USE_TLS
    and makes the client trust the certificate)."""
    inbox = inbox or Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=tls_context)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()
