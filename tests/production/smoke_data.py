"""Content for the production smoke run (scripts/production-smoke.sh); prints what the page check needs, as JSON.

Run against the target database after `migrate`, `load-reference` and `seed-demo`:
    .venv/bin/python tests/production/smoke_data.py > smoke.json
It adds the demo accounts, an open conversation with an anonymous link in a situation the participant is in, and
queues a job for the background worker (the conversation's opinion report), started by the participant.
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from joinedup.accounts.models import User  # noqa: E402
from joinedup.jobs.services import job_enqueue  # noqa: E402
from joinedup.perspectives.models import Conversation, Statement, StatementStatus  # noqa: E402
from joinedup.perspectives.services import REPORT_JOB  # noqa: E402
from joinedup.situations.models import Membership  # noqa: E402

PARTICIPANT = "participant@demo.joinedup.example"
PASSWORD = "joined-up-demo"
# Made by scripts/production-smoke.sh with `createsuperuser`, as an operator would.
ADMIN = "admin@smoke.joinedup.example"


def main() -> None:
    call_command("demo-accounts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    participant = User.objects.get(email=PARTICIPANT)
    membership = Membership.objects.filter(user=participant).select_related("situation").first()
    if membership is None:
        raise SystemExit("seed-demo made no situation for the demo participant to be in")
    conversation = Conversation.objects.create(
        situation=membership.situation, title="Smoke run: what gets in the way?",
        question="What gets in the way of discharge?", anonymous_enabled=True, created_by=participant,
    )  # fmt: skip
    Statement.objects.bulk_create(
        Statement(conversation=conversation, number=i + 1, text=f"Statement {i + 1} about discharge delays",
                  status=StatementStatus.APPROVED, is_seed=True, created_at=timezone.now())
        for i in range(6)
    )  # fmt: skip
    job = job_enqueue(kind=REPORT_JOB, params={"conversation_id": conversation.pk}, owner=participant)
    print(json.dumps({
        "email": PARTICIPANT, "password": PASSWORD, "job_id": job.pk, "admin_email": ADMIN,
        "conversation_id": conversation.pk, "conversation_token": conversation.anonymous_token,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
