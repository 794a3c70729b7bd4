import pytest

from joinedup.people.models import Connection, Visibility
from tests import people_helpers as h


@pytest.fixture
def cast(db):
    """Owner (department), other (council), a connections-only person connected to owner, a stranger."""
    owner = h.person("owner@example.org", "Olive Owner", h.department())
    other = h.person("other@example.org", "Oscar Other", h.council())
    hidden = h.person("hidden@example.org", "Hana Hidden", h.council(), visibility=Visibility.CONNECTIONS)
    a, b = sorted([owner.profile.pk, hidden.profile.pk])
    Connection.objects.create(person_a_id=a, person_b_id=b)
    return {"owner": owner, "other": other, "hidden": hidden}


@pytest.fixture
def login(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
