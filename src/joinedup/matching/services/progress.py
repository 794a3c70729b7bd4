"""How matching's jobs report their progress."""

from collections.abc import Callable

Progress = Callable[[int, str], None]


def _quiet(percent: int, message: str = "") -> None:
    del percent, message
