"""Sending digests over SMTP: one session per sending job against a new connection for every email.

    .venv/bin/python bench/digest_sending.py [--emails 300] [--rounds 2]

A real SMTP server on loopback (aiosmtpd, tests/smtp_sink.py) takes the mail, over plain SMTP and over STARTTLS
(a self-signed certificate made for the run and trusted through SSL_CERT_FILE, as a relay's would be through the
system store). A throwaway SQLite database holds `--emails` daily digests of 10 notifications about 3 objects
each. In each round, for each transport, the same digests are sent twice, reset in between:
- baseline: `notifications.jobs.delivery_send` for each, with no connection: Django opens a connection, greets,
  (starts TLS,) sends and closes for every email, as the job did before 5 December 2026;
- one session: `notifications.jobs.deliveries_send`, what the sending job runs now.
Both render both parts and record each delivery in its own transaction. Prints ms per email and the ratio in
the same round. Loopback has no network latency: against a relay across a network each handshake costs more.
"""

import argparse
import datetime as dt
import ipaddress
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--emails", type=int, default=300)
parser.add_argument("--rounds", type=int, default=2)
ARGS = parser.parse_args()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, written to `folder`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def seed(count: int) -> list[int]:
    from joinedup.accounts.models import User
    from joinedup.notifications.models import Delivery, Frequency, Kind, Notification

    people = User.objects.bulk_create(
        User(email=f"p{i}@example.org", name=f"Person {i}", password="!") for i in range(count)
    )
    notes = Notification.objects.bulk_create(
        Notification(recipient=person, kind=Kind.SITUATION_CHANGED, object_key=f"situation:{j % 3}",
                     title=f"Situation {j % 3}", url=f"/situations/{j % 3}/", message=f"Something changed ({j})")
        for person in people for j in range(10)
    )  # fmt: skip
    by_person: dict[int, list[int]] = {}
    for note in notes:
        by_person.setdefault(note.recipient_id, []).append(note.pk)
    deliveries = Delivery.objects.bulk_create(
        Delivery(recipient=person, key=f"daily:{person.pk}", frequency=Frequency.DAILY,
                 notification_ids=by_person[person.pk])
        for person in people
    )  # fmt: skip
    return [d.pk for d in deliveries]


def reset() -> None:
    from joinedup.notifications.models import Delivery, DeliveryStatus

    Delivery.objects.update(status=DeliveryStatus.QUEUED, sent_at=None, attempts=0, error="")


def per_email(ids: list[int]) -> float:
    from joinedup.notifications.jobs import delivery_send

    started = time.perf_counter()
    for delivery_id in ids:
        assert delivery_send(delivery_id, attempt=1) is True
    return (time.perf_counter() - started) * 1000 / len(ids)


def one_session(ids: list[int]) -> float:
    from joinedup.notifications.jobs import deliveries_send

    started = time.perf_counter()
    sent, failed = deliveries_send(ids, attempt=1)
    assert sent == len(ids) and not failed
    return (time.perf_counter() - started) * 1000 / len(ids)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cert, key = self_signed(folder)
        os.environ["SSL_CERT_FILE"] = str(cert)  # the client trusts the test server, as it would a real relay
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
        import ssl

        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from tests.smtp_sink import Inbox, smtp_sink

        call_command("migrate", verbosity=0)
        ids = seed(ARGS.emails)
        server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_tls.load_cert_chain(cert, key)
        print(f"{len(ids)} daily digests of 10 notifications each; SMTP on 127.0.0.1 (aiosmtpd); load "
              f"{os.getloadavg()[0]:.1f}")  # fmt: skip
        print(
            f"{'transport':<10}{'round':>6}{'baseline ms/email':>19}{'one session ms/email':>22}{'ratio':>8}"
        )
        for transport in ("plain", "STARTTLS"):
            inbox = Inbox()
            with smtp_sink(settings, inbox, server_tls if transport == "STARTTLS" else None):
                settings.EMAIL_USE_TLS = transport == "STARTTLS"
                ratios = []
                for number in range(1, ARGS.rounds + 1):
                    reset()
                    before = per_email(ids)
                    reset()
                    after = one_session(ids)
                    ratios.append(before / after)
                    print(f"{transport:<10}{number:>6}{before:>19.1f}{after:>22.1f}{before / after:>7.2f}x")
                print(f"{transport:<10} sessions seen by the server: {inbox.sessions} "
                      f"(median ratio {statistics.median(ratios):.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
