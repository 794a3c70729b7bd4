import pytest
from django.core.management import CommandError, call_command

from joinedup.accounts.models import ApiToken
from joinedup.accounts.services import api_token_user
from tests.people_helpers import person

pytestmark = pytest.mark.django_db


def test_it_prints_a_token_that_authenticates_its_user(capsys):
    user = person("sam@example.gov.uk", "Sam Patel")
    call_command("api-token", "sam@example.gov.uk")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("ju_")
    assert api_token_user(raw=raw) == user


def test_it_stores_only_a_digest():
    person("sam@example.gov.uk", "Sam Patel")
    call_command("api-token", "sam@example.gov.uk")
    token = ApiToken.objects.get()
    assert len(token.digest) == 64
    assert not token.digest.startswith("ju_")


def test_it_refuses_an_unknown_email():
    with pytest.raises(CommandError, match="No user"):
        call_command("api-token", "nobody@example.gov.uk")


def test_it_rejects_a_token_of_a_deactivated_user(capsys):
    user = person("sam@example.gov.uk", "Sam Patel")
    call_command("api-token", "sam@example.gov.uk")
    raw = capsys.readouterr().out.strip()
    user.is_active = False
    user.save()
    assert api_token_user(raw=raw) is None
