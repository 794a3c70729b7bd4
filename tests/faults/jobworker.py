"""A worker process for the fault tests, with a test job handler, and small commands to look at the queue.

    python -m tests.faults.jobworker migrate | worker | enqueue ROWS ATTEMPTS MARKER | report | state JOB | recover

The handler `faults.write_at_end` works like the real ones: it computes, then writes its whole result in
one transaction at the end. FAULT_PAUSE seconds between rows inside that transaction give a test time to
kill the worker half-way through the write; MARKER is created once half the rows are written (uncommitted).
With FAULT_MARKER set, the worker also holds the real opinion report job's publishing transaction open.
"""

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from joinedup.jobs.models import Job  # noqa: E402
from joinedup.jobs.registry import ProgressReporter, job_handler  # noqa: E402
from joinedup.jobs.services import STALE_AFTER, job_enqueue, jobs_recover_stale  # noqa: E402
from joinedup.people.models import PolicyArea  # noqa: E402

KIND = "faults.write_at_end"


@job_handler(KIND)
def write_at_end(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    rows, tag = int(params["rows"]), params["tag"]
    pause = float(os.environ.get("FAULT_PAUSE", "0"))
    progress(50, "Computed; writing the result")
    with transaction.atomic():
        for i in range(rows):
            PolicyArea.objects.create(slug=f"{tag}-{i}", name=f"{tag} row {i}")
            if i == rows // 2 and params.get("marker"):
                Path(params["marker"]).touch()
            time.sleep(pause)
    return {"rows": rows}


def _slow_report_publish() -> None:
    """Make the real opinion report job hold its publishing transaction open (marker touched, then a pause),
    so a test can kill the worker after the report row is written but before it is committed."""
    from joinedup.perspectives import services

    original = services._report_publish

    def slow(*args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            report = original(*args, **kwargs)
            Path(os.environ["FAULT_MARKER"]).touch()
            time.sleep(float(os.environ.get("FAULT_PAUSE", "0")))
            return report

    services._report_publish = slow


def _conversation_with_votes() -> int:
    """A conversation with 12 participants voting on 6 statements, and its report job queued."""
    from joinedup.perspectives.models import Conversation, Participant, Statement, Vote
    from joinedup.perspectives.services import REPORT_JOB
    from joinedup.situations.models import Situation

    situation = Situation.objects.create(title="Fault test", framing="A report killed mid-publish.")
    conv = Conversation.objects.create(situation=situation, title="Fault test", question="Does it survive?")
    now = timezone.now()
    statements = [
        Statement.objects.create(conversation=conv, number=i + 1, text=f"Statement {i + 1}", status="approved",
                                 created_at=now)
        for i in range(6)
    ]  # fmt: skip
    for n in range(12):
        participant = Participant.objects.create(
            conversation=conv, number=n + 1, anonymous_key=f"fault-{conv.pk}-{n}"
        )
        for i, statement in enumerate(statements):
            value = 1 if (n + i) % 3 else -1
            Vote.objects.create(participant=participant, statement=statement, value=value, voted_at=now)
    return job_enqueue(kind=REPORT_JOB, params={"conversation_id": conv.pk}).pk


def _state(job_id: int) -> dict[str, Any]:
    from joinedup.perspectives.models import OpinionReport

    job = Job.objects.get(pk=job_id)
    tag = job.params.get("tag")
    if tag:
        rows = PolicyArea.objects.filter(slug__startswith=f"{tag}-").count()
    else:
        rows = OpinionReport.objects.filter(conversation_id=job.params["conversation_id"]).count()
    return {
        "status": job.status, "attempts": job.attempts, "error": job.error, "message": job.message,
        "rows": rows, "result": job.result,
    }  # fmt: skip


def main(argv: list[str]) -> None:
    command = argv[0]
    if command == "migrate":
        call_command("migrate", verbosity=0)
    elif command == "worker":
        if os.environ.get("FAULT_MARKER"):
            _slow_report_publish()
        call_command("worker", *argv[1:])
    elif command == "report":
        print(_conversation_with_votes())
    elif command == "enqueue":
        rows, attempts, marker = int(argv[1]), int(argv[2]), argv[3]
        tag = f"fault-{time.time_ns()}"
        job = job_enqueue(
            kind=KIND, params={"rows": rows, "tag": tag, "marker": marker}, max_attempts=attempts
        )
        print(job.pk)
    elif command == "state":
        print(json.dumps(_state(int(argv[1]))))
    elif command == "recover":
        # As the next worker would see it once the dead worker's heartbeat is older than STALE_AFTER.
        print(jobs_recover_stale(now=timezone.now() + 2 * STALE_AFTER))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
