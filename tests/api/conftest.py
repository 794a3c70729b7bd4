import pytest

from joinedup.accounts.services import api_token_create
from tests.situations.personas import Cast, build_cast


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


class ApiClient:
    """The Django test client with a bearer token for one persona (None: no token at all)."""

    def __init__(self, client, user):
        self.client = client
        self.headers = (
            {"Authorization": f"Bearer {api_token_create(user=user, scope='write')}"} if user else {}
        )

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, payload=None):
        return self.client.post(
            f"/api/v1{path}", payload or {}, content_type="application/json", headers=self.headers
        )

    def put(self, path, payload=None):
        return self.client.put(
            f"/api/v1{path}", payload or {}, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api_as(client):
    return lambda user: ApiClient(client, user)
