"""Opinion analysis by the Pol.is method, with a split by perspective (central, local, frontline ...).

Plain data in, plain data out: build a `VoteMatrix` with `vote_matrix_build`, call `analyse`, read the
`OpinionReport`. See docs/adr/0007-opinion-analysis.md for the method and where it follows Pol.is.
"""

from joinedup.engine.opinions.analysis import Group, OpinionReport, OpinionState, analyse
from joinedup.engine.opinions.matrix import (
    VoteMatrix,
    clustered_from_history,
    vote_matrix_add,
    vote_matrix_build,
)
from joinedup.engine.opinions.perspectives import MIN_PER_PERSPECTIVE, PERSPECTIVES, PerspectiveReport

__all__ = [
    "MIN_PER_PERSPECTIVE",
    "PERSPECTIVES",
    "Group",
    "OpinionReport",
    "OpinionState",
    "PerspectiveReport",
    "VoteMatrix",
    "analyse",
    "clustered_from_history",
    "vote_matrix_add",
    "vote_matrix_build",
]
