"""The shared cache's table (rate-limit counters), made by `migrate` so no deployment can forget it.

`joinedup createcachetable` does the same and may be run again at any time; with REDIS_URL set there is no table.
"""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def _create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    operations = [migrations.RunPython(_create_cache_table, migrations.RunPython.noop)]
