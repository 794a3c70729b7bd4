"""Drop what could tie a health-check answer to a person: its day, its browser-measured duration, the token
table and the switch of the open frontline link (data carried across in 0003)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0003_carry_responses_into_invitations'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='healthcheck',
            name='frontline_link_enabled',
        ),
        migrations.RemoveField(
            model_name='response',
            name='answered_on',
        ),
        migrations.RemoveField(
            model_name='response',
            name='duration_seconds',
        ),
        migrations.DeleteModel(
            name='ResponseToken',
        ),
    ]
