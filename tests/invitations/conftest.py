import pytest

from tests.situations.personas import Cast, build_cast


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture
def as_user(client):
    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
