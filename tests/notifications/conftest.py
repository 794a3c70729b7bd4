import pytest

from tests.situations.personas import Cast, build_cast


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()
