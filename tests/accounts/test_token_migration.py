"""Migration 0003 gives tokens made before scopes and expiry their expiry (and keeps their write)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0002_historicaluser")]
AFTER = [("accounts", "0004_api_token_expiry_required")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_it_gives_existing_tokens_an_expiry_and_keeps_their_write():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(email="sam@example.gov.uk", name="Sam")
    token_model = old.get_model("accounts", "ApiToken")
    long_ago = timezone.now() - timedelta(days=400)
    token_model.objects.create(user=user, digest="a" * 64, created_at=long_ago)
    recent = token_model.objects.create(
        user=user, digest="b" * 64, created_at=timezone.now() - timedelta(days=1)
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("accounts", "ApiToken")
    now = timezone.now()
    old_token, recent_token = new.objects.get(digest="a" * 64), new.objects.get(digest="b" * 64)
    # 90 days after it was made, but never sooner than 30 days from the migration.
    assert timedelta(days=29) < old_token.expires_at - now <= timedelta(days=30)
    assert recent_token.expires_at == recent.created_at + timedelta(days=90)
    assert {old_token.scope, recent_token.scope} == {"write"}
