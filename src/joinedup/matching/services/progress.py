"""How matching's jobs report their progress."""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only named in annotations: importing the engine's rounds at start-up brings in scikit-learn.
    pass


Progress = Callable[[int, str], None]


def _quiet(percent: int, message: str = "") -> None:
    del percent, message
