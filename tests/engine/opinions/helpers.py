"""Small hand-made conversations with known answers."""

import numpy as np

from joinedup.engine.opinions import VoteMatrix, vote_matrix_build


def camps(
    n_per_camp: int = 20, n_statements: int = 20, *, consensus_statement: bool = True, seed: int = 1
) -> VoteMatrix:
    """Two camps: camp A (ids 0..n-1) agrees with the first half of the statements and disagrees with the
    second, camp B (ids 100..) the opposite; one vote in ten is missing. Statement 99, if present, is
    agreed by everyone."""
    rng = np.random.default_rng(seed)
    pids, tids, votes = [], [], []
    half = n_statements // 2
    for camp, base in ((1, 0), (-1, 100)):
        for p in range(base, base + n_per_camp):
            for t in range(n_statements):
                if rng.random() < 0.1:
                    continue
                pids.append(p)
                tids.append(t)
                votes.append(camp if t < half else -camp)
            if consensus_statement:
                pids.append(p)
                tids.append(99)
                votes.append(1)
    return vote_matrix_build(pids, tids, votes)
