"""Prepare a database for the load run and print what the locust users need, as JSON.

Run against the target database (DATABASE_URL): `.venv/bin/python tests/load/setup_load.py > load.json`.
It adds, idempotently, the demo accounts, an open conversation with an anonymous link and 40 approved
statements, and a partnership with an open health check and a fresh batch of single-use frontline codes.
"""

import json
import os
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from joinedup.accounts.models import User  # noqa: E402
from joinedup.partnerships import services as partnership_services  # noqa: E402
from joinedup.partnerships.items import ITEMS, SCALE, SHRUG, SHRUG_SCALE  # noqa: E402
from joinedup.partnerships.models import HealthCheck, Partnership  # noqa: E402
from joinedup.people.models import Profile  # noqa: E402
from joinedup.perspectives.models import Conversation, Statement, StatementStatus  # noqa: E402
from joinedup.situations.models import Membership, Situation  # noqa: E402

TITLE = "Load run: what gets in the way of discharge?"


def conversation_token() -> str:
    found = Conversation.objects.filter(title=TITLE).first()
    if found:
        return found.anonymous_token
    situation = Situation.objects.create(title="Load run situation", framing="For the load run.")
    participant = User.objects.get(email="participant@demo.joinedup.example")
    Membership.objects.create(situation=situation, user=participant, perspective="local")
    conv = Conversation.objects.create(
        situation=situation, title=TITLE, question=TITLE, anonymous_enabled=True
    )
    now = timezone.now()
    Statement.objects.bulk_create(
        Statement(conversation=conv, number=i + 1, text=f"Statement {i + 1} about discharge delays",
                  status=StatementStatus.APPROVED, is_seed=True, created_at=now)
        for i in range(40)
    )  # fmt: skip
    return conv.anonymous_token


def check_codes(count: int = 200) -> list[str]:
    """Single-use codes for the frontline answerers: a fresh batch each run (codes are shown once)."""
    today = timezone.localdate()
    check = HealthCheck.objects.filter(partnership__title="Load run partnership").first()
    if check is None:
        p = Partnership.objects.create(title="Load run partnership", shared_outcome="Load run")
        check = HealthCheck.objects.create(
            partnership=p, opens_on=today, closes_on=today + timedelta(days=30)
        )
    return partnership_services.partnership_issue_codes(check=check, side="frontline", count=count, by=None)


def sessions(count: int) -> list[str]:
    """Signed-in sessions for the browsing users: password hashing is slow on purpose, and people sign in
    once a day, not once a minute, so the run measures the pages (sign-in is timed by its own users)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.get(email="participant@demo.joinedup.example")
    keys = []
    for _ in range(count):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(str(store.session_key))
    return keys


def main() -> None:
    call_command("demo-accounts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    items = {item.code: [v for v, _ in (SHRUG_SCALE if item.dimension == SHRUG else SCALE)] for item in ITEMS}
    profiles = list(Profile.objects.order_by("pk").values_list("pk", flat=True)[:2000])
    print(json.dumps({"conversation_token": conversation_token(), "check_codes": check_codes(),
                      "items": items, "profiles": profiles, "email": "participant@demo.joinedup.example",
                      "password": "joined-up-demo", "sessions": sessions(100)}))  # fmt: skip


if __name__ == "__main__":
    main()
