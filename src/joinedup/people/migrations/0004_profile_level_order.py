"""An index for the directory's level filter: the people at one level in name order.

A plain CREATE INDEX (AddIndex), so SQLite does not rebuild people_profile and the FTS5 triggers of migration 0003
stay in place.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_profile_text_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="profile",
            index=models.Index(fields=["level", "sort_name", "id"], name="profile_level_order"),
        ),
    ]
