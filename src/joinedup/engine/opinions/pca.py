"""PCA by power iteration on the mean-imputed vote matrix, and Pol.is's sparsity-aware projection.

Pol.is replaces each missing vote by its statement's mean over those who voted, centres, and finds two
components by power iteration on XᵀX (warm-started from the previous update's components) with
Gram-Schmidt deflation. After centring, an imputed cell is exactly 0. XᵀX is formed once (one BLAS
product, statements x statements), so each iteration is a small product instead of a pass over every
vote; both components are iterated together (see `_subspace_iteration`).
"""

from dataclasses import dataclass

import numpy as np

from joinedup.engine.opinions.matrix import FloatArray

N_COMPONENTS = 2
PCA_ITERS = 100  # Pol.is's :pca-iters


@dataclass(frozen=True)
class Pca:
    """`center` has shape (n_statements,); `components` has shape (2, n_statements), rows unit or zero."""

    center: FloatArray
    components: FloatArray


def column_means(rating: FloatArray) -> FloatArray:
    """Each statement's mean over those who voted on it (0 for a statement nobody voted on)."""
    return centred_with_means(rating)[0]


def centred(rating: FloatArray, center: FloatArray) -> FloatArray:
    """The mean-imputed matrix minus the means: the vote minus its mean where voted, 0 where not."""
    voted = ~np.isnan(rating)
    x: FloatArray = np.where(voted, rating, 0.0)
    x -= center
    np.multiply(x, voted, out=x)
    return x


def centred_with_means(rating: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(column means over voters, centred matrix with 0 where not voted), in few passes over the votes."""
    voted = ~np.isnan(rating)
    x: FloatArray = np.where(voted, rating, 0.0)
    counts = np.count_nonzero(voted, axis=0)
    center: FloatArray = np.divide(x.sum(axis=0), counts, out=np.zeros(rating.shape[1]), where=counts > 0)
    x -= center
    np.multiply(x, voted, out=x)
    return center, x


def pca_fit(
    rating: FloatArray, *, start: FloatArray | None = None, seed: int = 0, iters: int = PCA_ITERS
) -> Pca:
    """Two principal components of the mean-imputed `rating` matrix (NaN = not voted).

    `start` (shape (2, n_statements)) warm-starts the iteration from the previous result, as Pol.is does;
    without it the start vectors are uniform random from `seed`, so the result is deterministic for a seed.
    """
    center, x = centred_with_means(rating)
    return pca_fit_centred(center, x, start=start, seed=seed, iters=iters)


def pca_fit_centred(
    center: FloatArray,
    x: FloatArray,
    *,
    start: FloatArray | None = None,
    seed: int = 0,
    iters: int = PCA_ITERS,
) -> Pca:
    """`pca_fit` on an already centred matrix (see `centred_with_means`)."""
    n_comps = min(N_COMPONENTS, *x.shape)
    begin = np.random.default_rng(seed).random((N_COMPONENTS, x.shape[1]))
    if start is not None:
        given = np.any(start, axis=1)
        begin[given] = start[given]
    components = np.zeros((N_COMPONENTS, x.shape[1]))
    components[:n_comps] = _subspace_iteration(x.T @ x, begin[:n_comps], iters)
    return Pca(center=center, components=components)


def _subspace_iteration(gram: FloatArray, start: FloatArray, iters: int) -> FloatArray:
    """The top eigenvectors of XᵀX (`gram`) by power iteration on both components at once.

    Each step multiplies by XᵀX and orthonormalises (Gram-Schmidt, first component first, as Pol.is's
    deflation does), stopping after `iters` steps or once the plane they span has settled. A final
    Rayleigh-Ritz step turns that plane into the two eigenvectors. The result is the components Pol.is's
    one-at-a-time power iteration converges to, reached in far fewer steps when the first two eigenvalues
    are close (where Pol.is's 100 steps can stop short). Signs follow the start vectors, so a warm start
    does not flip the map.
    """
    vecs = _orthonormal(start)
    for _ in range(iters):
        moved = _orthonormal(vecs @ gram)
        change = float(np.linalg.norm(moved - (moved @ vecs.T) @ vecs))
        vecs = moved
        if change < 1e-10:
            break
    values, rotation = np.linalg.eigh(vecs @ gram @ vecs.T)
    comps: FloatArray = rotation[:, np.argsort(-values)].T @ vecs
    signs = np.where(np.sum(comps * start, axis=1) < 0, -1.0, 1.0)
    return comps * signs[:, None]


def _orthonormal(vecs: FloatArray) -> FloatArray:
    """Gram-Schmidt in row order; a vector with nothing left becomes zero (Pol.is keeps a zero component)."""
    out = np.zeros_like(vecs)
    for k, v in enumerate(vecs):
        v = v - out[:k].T @ (out[:k] @ v)
        out[k] = _unit(v)
    return out


def _unit(vec: FloatArray) -> FloatArray:
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 1e-12 else np.zeros_like(vec)


def project_participants(rating: FloatArray, pca: Pca, x: FloatArray | None = None) -> FloatArray:
    """Pol.is's sparsity-aware projection, shape (n_participants, 2).

    Each participant is projected using only the statements they voted on, then pushed out from the
    centre by sqrt(n_statements / n_votes), so that people with few votes do not bunch at the origin.
    `x` may pass the matrix already centred on `pca.center` to save recomputing it.
    """
    if x is None:
        x = centred(rating, pca.center)
    n_votes = np.maximum(np.count_nonzero(~np.isnan(rating), axis=1), 1)
    scale = np.sqrt(rating.shape[1] / n_votes)
    projected: FloatArray = (x @ pca.components.T) * scale[:, None]
    return projected


def project_comments(pca: Pca) -> FloatArray:
    """Each statement as a virtual participant who agreed with it alone, shape (n_statements, 2)."""
    n = len(pca.center)
    scale = np.sqrt(n)
    projected: FloatArray = scale * (1.0 - pca.center)[:, None] * pca.components.T
    return projected
