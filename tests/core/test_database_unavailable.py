import pytest
from django.db import OperationalError

from tests.people_helpers import person

pytestmark = pytest.mark.django_db


def test_it_shows_a_plain_error_page_when_the_database_is_away(client, monkeypatch):
    client.force_login(person("sam@example.gov.uk", "Sam Patel"))

    def unavailable(user):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("joinedup.core.views.dashboard_for", unavailable)
    response = client.get("/dashboard/")
    assert response.status_code == 503
    assert "unavailable for a moment" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    monkeypatch.undo()
    assert client.get("/dashboard/").status_code == 200  # and it recovers by itself
