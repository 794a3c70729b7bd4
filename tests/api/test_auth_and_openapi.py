from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.accounts.models import ApiToken
from joinedup.api.routers import ALL

ENDPOINTS = [
    ("get", "/api/v1/organisations/"),
    ("get", "/api/v1/organisations/{slug}"),
    ("get", "/api/v1/places/"),
    ("get", "/api/v1/places/{gss_code}"),
    ("get", "/api/v1/people/"),
    ("get", "/api/v1/people/{person_id}"),
    ("get", "/api/v1/situations/"),
    ("post", "/api/v1/situations/"),
    ("get", "/api/v1/situations/{situation_id}"),
]


@pytest.mark.django_db
def test_it_publishes_every_endpoint_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").json()
    listed = {(method, path) for path, ops in doc["paths"].items() for method in ops}
    assert set(ENDPOINTS) <= listed


@pytest.mark.django_db
def test_it_states_the_real_responses(client):
    doc = client.get("/api/v1/openapi.json").json()
    situation = doc["paths"]["/api/v1/situations/{situation_id}"]["get"]["responses"]
    assert set(situation) >= {"200", "401", "404"}
    schema = doc["components"]["schemas"]["SituationOut"]
    assert {"title", "framing", "places", "members", "status"} <= set(schema["properties"])
    assert "email" not in doc["components"]["schemas"]["PersonOut"]["properties"]
    assert set(doc["paths"]["/api/v1/situations/"]["post"]["responses"]) >= {"201", "401", "422"}


def test_it_registers_the_four_routers():
    assert {prefix for prefix, _ in ALL} >= {"/organisations", "/places", "/people", "/situations"}


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_it_requires_a_token_everywhere(cast, api_as, method, path):
    url = path.replace("/api/v1", "").format(
        slug="leeds-city-council", gss_code="E08000035", person_id=1, situation_id=cast.situation.pk
    )
    response = getattr(api_as(None), method)(url)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_it_rejects_a_wrong_token(cast, client):
    response = client.get("/api/v1/places/", headers={"Authorization": "Bearer ju_not-a-token"})
    assert response.status_code == 401


def test_it_rejects_a_deactivated_users_token(cast, api_as):
    api = api_as(cast.member)
    cast.member.is_active = False
    cast.member.save()
    assert api.get("/places/").status_code == 401


def test_a_tokens_last_use_is_recorded_for_the_operator_at_most_every_few_minutes(cast, api_as):
    api = api_as(cast.member)
    token = ApiToken.objects.get(user=cast.member)
    assert token.last_used_at is None
    assert api.get("/places/").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < timedelta(minutes=1)
    api.get("/places/")
    token.refresh_from_db()
    assert token.last_used_at == first  # within the resolution: no second write
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(hours=1))
    api.get("/places/")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(hours=1)


def test_a_wrong_token_records_no_use(cast, client):
    client.get("/api/v1/places/", headers={"Authorization": "Bearer ju_not-a-token"})
    assert not ApiToken.objects.filter(last_used_at__isnull=False).exists()
