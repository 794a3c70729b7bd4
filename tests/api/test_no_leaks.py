"""A sweep of every read endpoint as an outsider: nothing of a private situation or a hidden profile shows."""

import pytest

from joinedup.people.models import Visibility
from tests import people_helpers as h

SECRET_TITLE = "Temporary accommodation in Leeds"


@pytest.fixture
def hidden(cast):
    return h.person("hidden@example.gov.uk", "Hana Hidden", h.council(), visibility=Visibility.CONNECTIONS)


def _reads(cast, hidden):
    yield "/situations/", {}
    yield f"/situations/{cast.situation.pk}", {}
    yield "/people/", {}
    yield "/people/", {"q": "hana"}
    yield "/people/", {"sector": "local"}
    yield f"/people/{hidden.profile.pk}", {}
    yield "/organisations/", {}
    yield "/organisations/leeds-city-council", {}
    yield "/places/", {}
    yield "/places/E08000035", {}


def test_it_never_shows_an_outsider_a_private_situation_or_a_hidden_profile(cast, hidden, api_as):
    api = api_as(cast.outsider)
    for path, params in _reads(cast, hidden):
        body = api.get(path, **params).content.decode()
        assert SECRET_TITLE not in body, path
        assert "Families stay" not in body, path
        assert "Hana Hidden" not in body, path
        assert "@example" not in body, path


def test_it_shows_nothing_at_all_without_a_token(cast, hidden, api_as):
    api = api_as(None)
    for path, params in _reads(cast, hidden):
        response = api.get(path, **params)
        assert response.status_code == 401, path
        assert set(response.json()) == {"detail"}
