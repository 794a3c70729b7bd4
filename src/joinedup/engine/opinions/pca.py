"""PCA by power iteration on the mean-imputed vote matrix, and Pol.is's sparsity-aware projection.

Pol.is replaces each missing vote by its statement's mean over those who voted, centres, and finds two
components by power iteration (warm-started from the previous update's components) with Gram-Schmidt
deflation. After centring, an imputed cell is exactly 0, so the centred matrix is as sparse as the votes:
it is held as a CSR matrix and the iteration costs two sparse products per step.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from joinedup.engine.opinions.matrix import FloatArray

N_COMPONENTS = 2
PCA_ITERS = 100  # Pol.is's :pca-iters


@dataclass(frozen=True)
class Pca:
    """`center` has shape (n_statements,); `components` has shape (2, n_statements), rows unit or zero."""

    center: FloatArray
    components: FloatArray


def centred_sparse(rating: FloatArray) -> tuple[FloatArray, sp.csr_matrix]:
    """Column means over the cells that were voted, and the centred matrix with zeros where nobody voted."""
    voted = ~np.isnan(rating)
    counts = voted.sum(axis=0)
    sums = np.where(voted, rating, 0.0).sum(axis=0)
    center = np.divide(sums, counts, out=np.zeros(rating.shape[1]), where=counts > 0)
    return center, _centred_at(rating, center)


def _centred_at(rating: FloatArray, center: FloatArray) -> sp.csr_matrix:
    rows, cols = np.nonzero(~np.isnan(rating))
    data = rating[rows, cols] - center[cols]
    return sp.csr_matrix((data, (rows, cols)), shape=rating.shape)


def pca_fit(
    rating: FloatArray, *, start: FloatArray | None = None, seed: int = 0, iters: int = PCA_ITERS
) -> Pca:
    """Two principal components of the mean-imputed `rating` matrix (NaN = not voted).

    `start` (shape (2, n_statements)) warm-starts the iteration from the previous result, as Pol.is does;
    without it the start vectors are uniform random from `seed`, so the result is deterministic for a seed.
    """
    center, x = centred_sparse(rating)
    n_comps = min(N_COMPONENTS, *x.shape)
    rng = np.random.default_rng(seed)
    found: list[FloatArray] = []
    for k in range(n_comps):
        begin = start[k] if start is not None and np.any(start[k]) else rng.random(x.shape[1])
        found.append(_power_iteration(x, found, begin, iters))
    components = np.zeros((N_COMPONENTS, rating.shape[1]))
    components[: len(found)] = found
    return Pca(center=center, components=components)


def _power_iteration(
    x: sp.csr_matrix, deflate: list[FloatArray], start: FloatArray, iters: int
) -> FloatArray:
    """Leading eigenvector of XᵀX after projecting the components in `deflate` out of every row of X."""
    vec = _unit(start)
    last_eigval = 0.0
    for _ in range(iters):
        product = _xtx(x, deflate, vec)
        eigval = float(np.linalg.norm(product))
        vec = _unit(product)
        # Pol.is stops when the eigenvalue estimate stops changing; a relative tolerance stands in for
        # its exact float equality.
        if abs(eigval - last_eigval) <= 1e-12 * max(eigval, 1.0):
            break
        last_eigval = eigval
    return vec


def _xtx(x: sp.csr_matrix, deflate: list[FloatArray], vec: FloatArray) -> FloatArray:
    """(X')ᵀX'v where X' = X with every deflation direction d removed: X' = X - (Xd)dᵀ."""
    vec = vec.copy()
    for d in deflate:
        vec -= d * float(d @ vec)
    product: FloatArray = np.asarray(x.T @ (x @ vec))
    for d in deflate:
        product -= d * float(d @ product)
    return product


def _unit(vec: FloatArray) -> FloatArray:
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 0 else np.zeros_like(vec)


def project_participants(rating: FloatArray, pca: Pca) -> FloatArray:
    """Pol.is's sparsity-aware projection, shape (n_participants, 2).

    Each participant is projected using only the statements they voted on, then pushed out from the
    centre by sqrt(n_statements / n_votes), so that people with few votes do not bunch at the origin.
    """
    x = _centred_at(rating, pca.center)
    n_votes = np.maximum((~np.isnan(rating)).sum(axis=1), 1)
    scale = np.sqrt(rating.shape[1] / n_votes)
    projected: FloatArray = np.asarray(x @ pca.components.T) * scale[:, None]
    return projected


def project_comments(pca: Pca) -> FloatArray:
    """Each statement as a virtual participant who agreed with it alone, shape (n_statements, 2)."""
    n = len(pca.center)
    scale = np.sqrt(n)
    projected: FloatArray = scale * (1.0 - pca.center)[:, None] * pca.components.T
    return projected
