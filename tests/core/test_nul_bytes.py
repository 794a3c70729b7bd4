import pytest

from tests.people_helpers import person

pytestmark = pytest.mark.django_db


def test_it_refuses_a_nul_byte_in_a_query_parameter(client):
    client.force_login(person("sam@example.gov.uk", "Sam Patel"))
    response = client.get("/people/?q=hous%00ing")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_it_refuses_a_nul_byte_in_a_form(client):
    response = client.post("/accounts/sign-in/", {"username": "a\x00@example.gov.uk", "password": "x"})
    assert response.status_code == 400


def test_it_refuses_a_nul_escape_in_json(client):
    response = client.post(
        "/api/v1/situations/", data='{"title": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400


def test_it_lets_ordinary_requests_through(client):
    client.force_login(person("sam@example.gov.uk", "Sam Patel"))
    assert client.get("/people/?q=housing").status_code == 200
