import pytest

from joinedup.learning import search


@pytest.fixture(autouse=True)
def _fresh_semantic_index():
    # The in-memory index outlives a test's database transaction; start each test without it.
    search.index_reset()
    yield
    search.index_reset()
