"""Every API token has an expiry (0003 gave the existing ones theirs)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_token_scope_and_expiry")]

    operations = [
        migrations.AlterField(model_name="apitoken", name="expires_at", field=models.DateTimeField()),
    ]
