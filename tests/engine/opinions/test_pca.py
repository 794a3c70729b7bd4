import numpy as np

from joinedup.engine.opinions.pca import (
    centred,
    column_means,
    pca_fit,
    project_comments,
    project_participants,
)


def _complete(seed: int = 3) -> np.ndarray:
    return np.random.default_rng(seed).choice([-1.0, 0.0, 1.0], size=(30, 8))


def test_it_finds_the_same_components_as_an_exact_svd() -> None:
    x = _complete()
    pca = pca_fit(x, seed=0, iters=1000)
    _, _, vt = np.linalg.svd(x - x.mean(axis=0), full_matrices=False)
    for k in range(2):
        assert abs(abs(pca.components[k] @ vt[k]) - 1) < 1e-6


def test_it_imputes_a_missing_vote_with_the_statement_mean() -> None:
    x = np.array([[1.0, np.nan], [-1.0, 1.0], [1.0, 0.0]])
    center = column_means(x)
    assert center.tolist() == [1 / 3, 0.5]
    assert centred(x, center)[0, 1] == 0.0  # the imputed cell adds nothing once centred


def test_it_scales_a_sparse_voter_out_from_the_centre() -> None:
    x = _complete()
    pca = pca_fit(x, seed=0)
    partial = x.copy()
    partial[0, 4:] = np.nan  # half the votes
    # Only the voted half contributes, multiplied by sqrt(8 / 4).
    expected = np.sqrt(2) * ((x[0, :4] - pca.center[:4]) @ pca.components[:, :4].T)
    assert np.allclose(project_participants(partial, pca)[0], expected)


def test_it_is_deterministic_for_a_seed_and_warm_starts_from_previous_components() -> None:
    x = _complete()
    a, b = pca_fit(x, seed=7), pca_fit(x, seed=7)
    assert np.array_equal(a.components, b.components)
    warm = pca_fit(x, start=a.components, iters=2)
    assert np.allclose(np.abs(warm.components @ a.components.T).diagonal(), 1, atol=1e-6)


def test_it_projects_each_statement_as_a_lone_agreeing_voter() -> None:
    pca = pca_fit(_complete(), seed=0)
    proj = project_comments(pca)
    assert proj.shape == (8, 2)
    assert np.allclose(proj[2], np.sqrt(8) * (1 - pca.center[2]) * pca.components[:, 2])
