"""The join attack on health-check storage, as someone holding a copy of the database (and the server secret).

It knows who answered and in what order (say, from watching the office), and tries to tie each stored response
to its author through anything the database keeps: SQLite rowids, PostgreSQL ctid (heap order) and xmin
(transaction ids), primary keys, any date or time column, and rows of any other table that changed when a person
answered, lined up by the same keys. Plain SQL on the live tables: only Django's connection is used, so the same
code runs against the old storage (see the report in docs/security.md) and the new.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection

RESPONSES = "partnerships_response"


@dataclass
class Snapshot:
    # table -> rows; each row maps column -> value, with "_rowid" (SQLite) or "_ctid"/"_xmin" (PostgreSQL) too.
    tables: dict[str, list[dict[str, Any]]]

    def content(self, table: str) -> list[str]:
        """The rows as a sorted list, physical columns left out: what the table holds, not where."""
        return sorted(
            repr(sorted((k, repr(v)) for k, v in row.items() if not k.startswith("_")))
            for row in self.tables.get(table, [])
        )


def physical_keys() -> list[str]:
    return ["_rowid"] if connection.vendor == "sqlite" else ["_ctid", "_xmin"]


def _ctid_key(value: str) -> tuple[int, int]:
    page, item = value.strip("()").split(",")
    return int(page), int(item)


def read_table(table: str) -> list[dict[str, Any]]:
    quoted = connection.ops.quote_name(table)
    if connection.vendor == "sqlite":
        sql = f"SELECT rowid AS _rowid, * FROM {quoted}"  # noqa: S608 — table names from introspection
    else:
        sql = f"SELECT ctid::text AS _ctid, xmin::text::bigint AS _xmin, * FROM {quoted}"  # noqa: S608
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql)
        except Exception:  # a WITHOUT ROWID table or a view: read it without the physical columns
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608
        names = [col[0] for col in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        if "_ctid" in row:
            row["_ctid"] = _ctid_key(row["_ctid"])
    return rows


def snapshot() -> Snapshot:
    return Snapshot({t: read_table(t) for t in connection.introspection.table_names()})


def changed_tables(before: Snapshot, after: Snapshot) -> set[str]:
    tables = set(before.tables) | set(after.tables)
    return {t for t in tables if before.content(t) != after.content(t)}


def ordering_keys(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Every key an attacker could sort rows by: physical position, ids, and any date or time column."""
    if not rows:
        return []
    keys = [k for k in physical_keys() if k in rows[0]]
    keys += [k for k in rows[0] if k == "id" or k.endswith("_id") and k != "check_round_id"]
    keys += [k for k, v in rows[0].items() if isinstance(v, date | datetime) and k not in keys]
    return keys


def _sortable(value: Any) -> Any:
    return (value is None, str(value) if not isinstance(value, int | float | tuple | date) else value)


def order_attack(
    responses: Sequence[dict[str, Any]],
    answer_order: Sequence[str],
    author_of: Callable[[dict[str, Any]], str],
) -> dict[str, int]:
    """For each key, sort the responses by it and guess that the i-th answered i-th: how many guesses are right.
    (Keys where every row has the same value give no order; they score nothing.)"""
    scores = {}
    for key in ordering_keys(responses):
        values = {repr(r[key]) for r in responses}
        if len(values) < 2:
            scores[key] = 0
            continue
        ranked = sorted(responses, key=lambda r, k=key: _sortable(r[k]))
        scores[key] = sum(author_of(r) == who for r, who in zip(ranked, answer_order, strict=False))
    return scores


def pairing_attack(
    responses: Sequence[dict[str, Any]],
    others: dict[str, list[dict[str, Any]]],
    person_of: Callable[[str, dict[str, Any]], str | None],
    author_of: Callable[[dict[str, Any]], str],
) -> dict[tuple[str, str], int]:
    """Line up each other changed table with the responses by each shared key, row i against row i, and count
    the responses tied to the right person (person_of says whose a row is, if the attacker can tell)."""
    scores = {}
    for table, rows in others.items():
        for key in ordering_keys(responses):
            if not rows or key not in rows[0]:
                continue
            ranked_rows = sorted(rows, key=lambda r, k=key: _sortable(r[k]))
            ranked_responses = sorted(responses, key=lambda r, k=key: _sortable(r[k]))
            scores[(table, key)] = sum(
                person_of(table, row) == author_of(response)
                for row, response in zip(ranked_rows, ranked_responses, strict=False)
            )
    return scores


def same_transaction_attack(
    responses: Sequence[dict[str, Any]],
    others: dict[str, list[dict[str, Any]]],
    person_of: Callable[[str, dict[str, Any]], str | None],
    author_of: Callable[[dict[str, Any]], str],
) -> int:
    """PostgreSQL: a row written in the same transaction as a response shares its xmin. Count the responses whose
    only same-transaction person is their author."""
    if connection.vendor != "postgresql":
        return 0
    right = 0
    for response in responses:
        people = {
            person_of(table, row)
            for table, rows in others.items()
            for row in rows
            if row.get("_xmin") == response["_xmin"]
        } - {None}
        right += people == {author_of(response)}
    return right
