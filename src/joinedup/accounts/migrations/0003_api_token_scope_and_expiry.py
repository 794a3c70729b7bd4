"""API tokens get a scope and an expiry.

Tokens made before could read and write and never expired: they keep write (so scripts do not break without
warning) but now expire 90 days after they were made, and never sooner than 30 days from this migration, which
leaves their owners time to make a new token with `joinedup api-token EMAIL --scope read|write`.
The next migration makes the expiry required (apart, so PostgreSQL alters no table with updates pending).
"""

from datetime import timedelta
from typing import Any

from django.db import migrations, models
from django.utils import timezone


def _expire_existing_tokens(apps: Any, schema_editor: Any) -> None:
    token_model = apps.get_model("accounts", "ApiToken")
    soonest = timezone.now() + timedelta(days=30)
    for token in token_model.objects.using(schema_editor.connection.alias).all():
        token.expires_at = max(token.created_at + timedelta(days=90), soonest)
        token.scope = "write"
        token.save(update_fields=["expires_at", "scope"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_historicaluser")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read"), ("write", "Read and write")], default="read", max_length=10
            ),
        ),
        migrations.AddField(model_name="apitoken", name="expires_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(_expire_existing_tokens, migrations.RunPython.noop),
    ]
