"""A worker process for the fault tests, and small commands to set up jobs and look at them.

    python -m tests.faults.jobworker migrate | worker [ARGS] | round | publish ROUND | report | state JOB

`worker` is the real `joinedup worker` (django-tasks-db's db_worker plus our recovery). With FAULT_MARKER set,
it holds the publishing transaction of a matching round's result (or of an opinion report) open: the marker is
created once the rows are written (uncommitted), then it pauses FAULT_PAUSE seconds, so a test can kill it there.
With FAULT_STALE_AFTER set, a heartbeat older than that many seconds counts as a dead worker's (the real
threshold, a minute, is too long to wait for in a test).
"""

import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from joinedup.jobs import services as job_services  # noqa: E402
from joinedup.jobs.models import Job  # noqa: E402
from joinedup.jobs.services import job_enqueue  # noqa: E402


def _hold_open(module: Any, name: str) -> None:
    """Make `module.name` (a function that writes a job's result) run inside a transaction held open after it
    returns: the marker is touched, then a pause."""
    original = getattr(module, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            written = original(*args, **kwargs)
            Path(os.environ["FAULT_MARKER"]).touch()
            time.sleep(float(os.environ.get("FAULT_PAUSE", "0")))
            return written

    setattr(module, name, slow)


def _round() -> int:
    """A coffee round over the matching tests' cast (five eligible people), started: its job queued."""
    from joinedup.matching import services
    from tests.matching.test_site_cast import make_cast, make_round

    cast = make_cast()
    round = make_round(cast)
    return services.match_round_start(round=round, by=cast.coordinator).pk


def _publish(round_id: int) -> None:
    from joinedup.matching import services
    from joinedup.matching.models import MatchRound

    round = MatchRound.objects.get(pk=round_id)
    services.match_round_publish(round=round, by=round.created_by)


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
    from joinedup.matching.models import Match, MatchRound
    from joinedup.perspectives.models import OpinionReport

    job = Job.objects.get(pk=job_id)
    task = DBTaskResult.objects.get(id=job.task_id)
    state = {
        "status": job.status, "attempts": job.attempts, "error": job.error, "message": job.message,
        "result": job.result, "task": task.status,
    }  # fmt: skip
    if "round_id" in job.params:
        round = MatchRound.objects.get(pk=job.params["round_id"])
        matches = Match.objects.filter(round=round)
        members = [pk for m in matches for pk in m.member_ids]
        state.update(round=round.status, matches=matches.count(), members=members, jobs=_jobs_of(round.pk))
    else:
        state["rows"] = OpinionReport.objects.filter(conversation_id=job.params["conversation_id"]).count()
    return state


def _jobs_of(round_id: int) -> dict[str, int]:
    jobs = Job.objects.filter(params__round_id=round_id)
    return {kind: jobs.filter(kind=kind).count() for kind in jobs.values_list("kind", flat=True).distinct()}


def main(argv: list[str]) -> None:
    command = argv[0]
    if command == "migrate":
        call_command("migrate", verbosity=0)
    elif command == "worker":
        if os.environ.get("FAULT_MARKER"):
            # Patched where they are called: the services are packages, and each calls its own module's name.
            from joinedup.matching.services import rounds as matching_services
            from joinedup.perspectives.services import report as perspectives_services

            _hold_open(matching_services, "_round_write")
            _hold_open(perspectives_services, "_report_publish")
        if os.environ.get("FAULT_STALE_AFTER"):
            job_services.STALE_AFTER = timedelta(seconds=float(os.environ["FAULT_STALE_AFTER"]))
        call_command("worker", "--no-startup-delay", *argv[1:])
    elif command == "round":
        print(_round())
    elif command == "publish":
        _publish(int(argv[1]))
    elif command == "report":
        print(_conversation_with_votes())
    elif command == "state":
        print(json.dumps(_state(int(argv[1]))))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
