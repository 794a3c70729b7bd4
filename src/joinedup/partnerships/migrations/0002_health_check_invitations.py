"""Health checks move to single-use invitations: the new tables (see 0003 for the data, 0004 for what goes).

Three migrations, not one: PostgreSQL refuses to alter a table in the transaction that just wrote rows to it.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='response',
            options={'ordering': ['id']},
        ),
        migrations.AlterField(
            model_name='response',
            name='side',
            field=models.CharField(choices=[('central', 'Central government'), ('local', 'Local government'), ('frontline', 'Frontline staff'), ('other', 'Other partner')], max_length=10),
        ),
        migrations.CreateModel(
            name='Invitation',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('member', 'Member of the partnership'), ('code', 'Single-use code')], max_length=10)),
                ('side', models.CharField(choices=[('central', 'Central government'), ('local', 'Local government'), ('frontline', 'Frontline staff'), ('other', 'Other partner')], max_length=10)),
                ('digest', models.CharField(max_length=64, unique=True)),
                ('check_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='partnerships.healthcheck')),
            ],
        ),
        migrations.CreateModel(
            name='MemberInvited',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('digest', models.CharField(max_length=64)),
                ('check_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='partnerships.healthcheck')),
            ],
        ),
        migrations.AddConstraint(
            model_name='memberinvited',
            constraint=models.UniqueConstraint(fields=('check_round', 'digest'), name='one_invitation_per_member'),
        ),
    ]
