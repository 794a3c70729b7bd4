"""Full-text search on Profile.search_text: SQLite FTS5 or a PostgreSQL GIN index, each only on its own database.

SQLite: an external-content FTS5 table keyed by profile id, kept in step by triggers on people_profile, so every
write path (the services, bulk inserts, queryset updates, cascading deletes) updates the index in the same
statement. Django rebuilds a SQLite table to alter it (copy, drop, rename), and dropping the table drops its
triggers: a later migration that alters people_profile must re-create them (copy SQLITE_TRIGGERS from here).
tests/people/test_text_search.py fails if they are missing.

PostgreSQL: a stored generated column, search_vector = to_tsvector('simple', search_text), with a GIN index, so it
is always in step with no trigger. It is stored rather than an index on the expression because, for a common word,
the planner walks the name index and tests each row, and computing to_tsvector per row made that 7x slower
(docs/benchmarks/directory.md). The column is not on the Django model (SQLite has no tsvector): only the people
selector reads it. The 'simple' configuration keeps whole words (no stemming, no stop words), as FTS5's unicode61
tokenizer does.
"""

from typing import Any

from django.db import migrations

FTS_TABLE = "people_profile_fts"

SQLITE_TABLE = f"""
CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
    search_text,
    content='people_profile',
    content_rowid='id',
    tokenize='unicode61 remove_diacritics 2',
    prefix='1 2 3'
)
"""

SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON people_profile BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
    f"""
    CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON people_profile BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END
    """,
    f"""
    CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF search_text ON people_profile
    WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
]

SQLITE_FORWARDS = [SQLITE_TABLE, *SQLITE_TRIGGERS, f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"]
SQLITE_BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{name}" for name in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

POSTGRES_FORWARDS = [
    "ALTER TABLE people_profile ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX people_profile_search_gin ON people_profile USING gin (search_vector)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS people_profile_search_gin",
    "ALTER TABLE people_profile DROP COLUMN IF EXISTS search_vector",
]


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor ("sqlite", "postgresql") and is a no-op on the others."""

    def __init__(self, vendor: str, sql: Any, reverse_sql: Any = None, **kwargs: Any) -> None:
        self.vendor = vendor
        super().__init__(sql, reverse_sql, **kwargs)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_seed_policy_areas")]

    operations = [
        VendorRunSQL("sqlite", SQLITE_FORWARDS, SQLITE_BACKWARDS),
        VendorRunSQL("postgresql", POSTGRES_FORWARDS, POSTGRES_BACKWARDS),
    ]
