"""The "mentioned" kind goes: nothing in the site mentions anyone, so nothing ever sent one, and its line on the
preferences page asked people to choose how to hear of something that never happens. Preferences set for it
are deleted (there are no notifications of it to keep)."""

from typing import Any

from django.db import migrations, models


def forget_mention_preferences(apps: Any, schema_editor: Any) -> None:
    apps.get_model("notifications", "Preference").objects.filter(kind="mentioned").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(forget_mention_preferences, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('introduced', 'You were introduced'), ('invited', 'You were invited'), ('health_check_opened', 'A health check opened'), ('health_check_closing', 'A health check is closing'), ('results_released', 'Results were released'), ('charter_review_due', 'A charter review is due'), ('situation_changed', 'A situation changed'), ('votes_awaited', 'A conversation awaits your votes')], max_length=40),
        ),
        migrations.AlterField(
            model_name='preference',
            name='kind',
            field=models.CharField(choices=[('introduced', 'You were introduced'), ('invited', 'You were invited'), ('health_check_opened', 'A health check opened'), ('health_check_closing', 'A health check is closing'), ('results_released', 'Results were released'), ('charter_review_due', 'A charter review is due'), ('situation_changed', 'A situation changed'), ('votes_awaited', 'A conversation awaits your votes')], max_length=40),
        ),
    ]
