"""Job handlers register by name; apps declare theirs in their own `jobs.py`."""

from collections.abc import Callable
from typing import Any, Protocol


class ProgressReporter(Protocol):
    def __call__(self, percent: int, message: str = "") -> None: ...


JobHandler = Callable[[dict[str, Any], ProgressReporter], dict[str, Any] | None]

_HANDLERS: dict[str, JobHandler] = {}


class JobFailed(Exception):
    """Raised by a handler for a failure a user can act on; its message is shown as the reason."""


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        return func

    return register


def handler_for(kind: str) -> JobHandler:
    from django.utils.module_loading import autodiscover_modules

    if kind not in _HANDLERS:
        autodiscover_modules("jobs")
    return _HANDLERS[kind]
