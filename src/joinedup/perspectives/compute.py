"""The perspectives app's one seam to the Django-free engine (import-linter checks that only this module imports
joinedup.engine): the opinion analysis (vote matrix, groups, representative statements, consensus).

The opinion engine brings in scipy (~1 s), which web start-up must not pay for: every name here is looked up on
first use (module __getattr__), so import it inside the function that runs it, or under TYPE_CHECKING for
annotations.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from joinedup.engine.opinions import (
        PERSPECTIVES,
        Group,
        OpinionReport,
        OpinionState,
        analyse,
        clustered_from_history,
        vote_matrix_build,
    )
    from joinedup.engine.opinions.repness import Z_90

__all__ = [
    "PERSPECTIVES",
    "Group",
    "OpinionReport",
    "OpinionState",
    "Z_90",
    "analyse",
    "clustered_from_history",
    "vote_matrix_build",
]


def __getattr__(name: str) -> Any:
    """The opinion engine, loaded when first asked for (never at web start-up)."""
    if name == "Z_90":
        from joinedup.engine.opinions import repness

        return repness.Z_90
    if name in __all__:
        from joinedup.engine import opinions

        return getattr(opinions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
