from django.urls import reverse

from joinedup.accounts.models import Role
from tests import people_helpers as h


def test_it_shows_situations_in_the_admin_to_admins(cast, as_user):
    client = as_user(cast.admin)
    assert client.get(reverse("admin:situations_situation_changelist")).status_code == 200
    body = client.get(reverse("admin:situations_situation_change", args=[cast.situation.pk])).content.decode()
    assert cast.situation.title in body


def test_it_hides_situations_in_the_admin_from_coordinators(cast, as_user):
    coordinator = h.person("coord@example.gov.uk", "Col Coordinator", role=Role.COORDINATOR)
    client = as_user(coordinator)
    assert client.get(reverse("admin:situations_situation_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:situations_situation_change", args=[cast.situation.pk])).status_code == 403
    )
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:situations_situation_changelist") not in index.content.decode()
