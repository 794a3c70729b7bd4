import pytest
from django.urls import reverse

from joinedup.accounts.models import Role
from tests.people_helpers import PASSWORD, person

pytestmark = pytest.mark.django_db


def test_it_signs_in_by_email_and_password(client):
    person("sam@example.gov.uk", "Sam Patel")
    response = client.post(
        reverse("accounts:sign-in"), {"username": "Sam@Example.gov.uk", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_it_rejects_a_wrong_password_with_a_message(client):
    person("sam@example.gov.uk", "Sam Patel")
    response = client.post(
        reverse("accounts:sign-in"), {"username": "sam@example.gov.uk", "password": "nope"}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


def test_it_allows_pasting_the_password(client):
    # WCAG 3.3.8: no onpaste blockers, and autocomplete lets password managers fill it in.
    html = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'autocomplete="current-password"' in html
    assert "onpaste" not in html.lower()


def test_it_locks_out_after_repeated_failures(client):
    person("sam@example.gov.uk", "Sam Patel")
    for _ in range(5):
        client.post(reverse("accounts:sign-in"), {"username": "sam@example.gov.uk", "password": "wrong"})
    response = client.post(
        reverse("accounts:sign-in"), {"username": "sam@example.gov.uk", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_it_signs_out_with_post_only(client):
    user = person("sam@example.gov.uk", "Sam Patel")
    client.force_login(user)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_it_sends_a_password_reset_link_that_works(client, mailoutbox):
    person("sam@example.gov.uk", "Sam Patel")
    client.post(reverse("accounts:reset"), {"email": "sam@example.gov.uk"})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Choose a new password" in response.content.decode()
    new_password = "a-new-long-passphrase-77"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    assert (
        client.post(
            reverse("accounts:sign-in"), {"username": "sam@example.gov.uk", "password": new_password}
        ).status_code
        == 302
    )


def test_it_says_nothing_about_unknown_addresses_on_reset(client, mailoutbox):
    response = client.post(reverse("accounts:reset"), {"email": "nobody@example.gov.uk"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("role", "status"), [(Role.PARTICIPANT, 302), (Role.COORDINATOR, 200), (Role.ADMIN, 200)]
)
def test_it_opens_the_admin_to_coordinators_and_admins_only(client, role, status):
    client.force_login(person("a@example.gov.uk", "A Person", role=role))
    assert client.get(reverse("admin:index")).status_code == status


def test_it_keeps_account_management_from_coordinators(client):
    client.force_login(person("c@example.gov.uk", "Cora Ordinator", role=Role.COORDINATOR))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.get(reverse("admin:jobs_job_changelist")).status_code == 200
