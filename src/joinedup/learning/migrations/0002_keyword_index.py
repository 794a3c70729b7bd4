"""The keyword index: an FTS5 virtual table on SQLite, a GIN index on a weighted tsvector on PostgreSQL.

The SQL is repeated here (not imported from learning.search) so that this migration never changes.
"""

from typing import Any

from django.db import migrations

PG_VECTOR = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(search_document, '')), 'B')"
)


def create(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS learning_lesson_fts_gin ON learning_lesson USING gin(({PG_VECTOR}))"
            )
        else:
            cursor.execute(
                # The rowid is the lesson's id.
                "CREATE VIRTUAL TABLE IF NOT EXISTS learning_lesson_fts USING fts5("
                "title, body, tokenize='porter unicode61')"
            )


def drop(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS learning_lesson_fts_gin")
        else:
            cursor.execute("DROP TABLE IF EXISTS learning_lesson_fts")


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
