"""The directory's search text now names the places and policy areas a person knows: rewrite it for everyone.

The SQLite FTS5 triggers of 0003 follow the UPDATE; PostgreSQL's generated column follows by itself. Changing the
field's help text alters nothing in the database (no table rebuild, so the triggers stay).
"""

from typing import Any

from django.db import migrations, models

BATCH = 2000


def rewrite(apps: Any, schema_editor: Any) -> None:
    profile_model = apps.get_model("people", "Profile")
    qs = profile_model.objects.select_related("user", "organisation").prefetch_related("places", "policy_areas")
    changed = []
    for p in qs.order_by("pk").iterator(chunk_size=BATCH):
        parts = [
            p.user.name,
            p.job_title,
            p.organisation.name if p.organisation else "",
            *(pl.name for pl in p.places.all()),
            *(a.name for a in p.policy_areas.all()),
            p.offers,
            p.seeks,
        ]
        text = " ".join(part.strip() for part in parts if part).lower()
        if text != p.search_text:
            p.search_text = text
            changed.append(p)
        if len(changed) >= BATCH:
            profile_model.objects.bulk_update(changed, ["search_text"])
            changed = []
    profile_model.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("people", "0004_profile_level_order")]

    operations = [
        migrations.AlterField(
            model_name="profile",
            name="search_text",
            field=models.TextField(
                blank=True, help_text="Lower-cased name, title, organisation, places, policy areas, offers, seeks"
            ),
        ),
        migrations.RunPython(rewrite, migrations.RunPython.noop),
    ]
