"""Finding 5 of issue 13: with a copy of the database, can health-check answers be tied to people?

Ten members answer, one after another, through the site. The attacker knows the order they answered in and holds
the database and the server secret. Before this change, the response and the token that marked its respondent as
done were inserted in one transaction: lining the two tables up by rowid (SQLite) or xmin/ctid (PostgreSQL) tied
every answer to its author (the run on the old code is in docs/security.md). Now the invitation is deleted when
used and the round's responses are rewritten in a random order each time, so every attack here must fail.

Runs on whichever database the suite runs on (CI runs it on SQLite and on PostgreSQL); the PostgreSQL-only
checks skip elsewhere. Transactional, so each answer commits in its own transaction, as in production.
"""

import pytest
from django.db import connection

from joinedup.partnerships import services
from joinedup.partnerships.models import Invitation, MemberInvited
from tests import people_helpers as ph
from tests.partnerships.cast import ANSWERS_HIGH, make_cast, make_partnership, open_check
from tests.security.health_check_join import (
    RESPONSES,
    changed_tables,
    order_attack,
    pairing_attack,
    same_transaction_attack,
    snapshot,
)

pytestmark = pytest.mark.django_db(transaction=True)
N = 10
INVITATIONS = "partnerships_invitation"
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL heap order and transaction ids (DATABASE_URL)"
)


def _author(row):
    return row["talk_about"].removeprefix("note of ")


def _answered_round(client):
    """Ten members answer in a known order. Returns the round, that order, the tables each answer changed and a
    function telling whose a row of another table is (by a member digest or a user id in it)."""
    cast = make_cast()
    p = make_partnership(cast, complete=True)
    check = open_check(p, cast.central_lead)
    people = [ph.person(f"r{i}@dept.gov.uk", f"Respondent {i}", ph.department()) for i in range(N)]
    for user in people:
        services.partnership_add_participant(partnership=p, user=user, role="member", by=cast.central_lead)
    by_digest = {services.member_digest(check=check, user=u): u.email for u in people}
    by_id = {u.pk: u.email for u in people}

    def person_of(table, row):
        for name, value in row.items():
            if isinstance(value, str) and value in by_digest:
                return by_digest[value]
            if name in {"user_id", "history_user_id"} and value in by_id:
                return by_id[value]
        return None

    changes = []
    for user in people:
        client.force_login(user)
        before = snapshot()
        answer = {**ANSWERS_HIGH, "talk_about": f"note of {user.email}"}
        assert client.post(check.get_absolute_url(), answer).status_code == 302
        changes.append(changed_tables(before, snapshot()))
    return check, [u.email for u in people], changes, person_of, by_digest


def _attack(order, changes, person_of):
    final = snapshot()
    responses = final.tables[RESPONSES]
    others = {t: final.tables[t] for t in set().union(*changes) - {RESPONSES}}
    return (
        responses,
        order_attack(responses, order, _author),
        pairing_attack(responses, others, person_of, _author),
        same_transaction_attack(responses, others, person_of, _author),
    )


def test_it_changes_only_the_responses_and_invitations_when_a_person_answers(client):
    check, order, changes, person_of, digests = _answered_round(client)
    # No session, audit, history or log row says "this person answered now".
    assert all(changed == {RESPONSES, INVITATIONS} for changed in changes), changes
    # And no row left names an answerer's invitation, except the record that each member was invited: written
    # when the round was scheduled, untouched by answering (so it orders nothing), and deleted at the close.
    final = snapshot()
    for table, rows in final.tables.items():
        for row in rows:
            assert table == "partnerships_memberinvited" or not set(map(str, row.values())) & set(digests), (
                table
            )


def test_it_defeats_the_join_attack_by_order_ids_time_and_other_tables(client):
    check, order, changes, person_of, _ = _answered_round(client)
    responses, by_order, by_pairing, by_transaction = _attack(order, changes, person_of)
    assert sorted(_author(r) for r in responses) == sorted(order)
    # Sorting by rowid/ctid/xmin, ids or any time: never the whole order (a random order matches all ten once
    # in 3.6 million runs).
    assert by_order and all(score < N for score in by_order.values()), by_order
    # Lining up another changed table: the used invitations are gone, so there is nothing to line up.
    assert all(score == 0 for score in by_pairing.values()), by_pairing
    assert by_transaction == 0


def test_it_keeps_nothing_about_who_answered_once_the_round_closes(client):
    check, order, changes, person_of, _ = _answered_round(client)
    services.partnership_close_check(check=check, by=None)
    assert not Invitation.objects.filter(check_round=check).exists()
    assert not MemberInvited.objects.filter(check_round=check).exists()
    responses, by_order, by_pairing, by_transaction = _attack(order, changes, person_of)
    assert len(responses) == N and all(score < N for score in by_order.values())
    assert all(score == 0 for score in by_pairing.values()) and by_transaction == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_it_overwrites_deleted_rows_on_sqlite():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


@needs_postgresql
def test_it_leaves_postgresql_heap_order_and_transaction_ids_without_answer_order(client):
    check, order, changes, person_of, _ = _answered_round(client)
    responses = snapshot().tables[RESPONSES]
    # Every response of the round was written by the last answer's transaction: xmin orders nothing.
    assert len({r["_xmin"] for r in responses}) == 1
    by_order = order_attack(responses, order, _author)
    assert by_order["_ctid"] < N and by_order["_xmin"] == 0


FILE_ATTACK = """
import os
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from joinedup.partnerships import services
from joinedup.partnerships.models import Invitation
from tests import people_helpers as ph
from tests.partnerships.cast import ANSWERS_HIGH, answer_as_member, make_cast, make_partnership, open_check
cast = make_cast()
p = make_partnership(cast, complete=True)
check = open_check(p, cast.central_lead)
people = [ph.person(f"f{i}@dept.gov.uk", f"F {i}", ph.department()) for i in range(5)]
for user in people:
    services.partnership_add_participant(partnership=p, user=user, role="member", by=cast.central_lead)
ids = {i.digest: i.id.hex for i in Invitation.objects.all()}
rows = [ids[services.member_digest(check=check, user=user)] for user in people]
for user in people[:3]:
    answer_as_member(check, user, ANSWERS_HIGH, talk_about="x")
data = b"".join(open(str(connection.settings_dict["NAME"]) + s, "rb").read()
                for s in ("", "-wal") if os.path.exists(str(connection.settings_dict["NAME"]) + s))
print(",".join("kept" if row.encode() in data else "gone" for row in rows))
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_it_leaves_no_bytes_of_used_invitations_in_the_database_files(tmp_path):
    """A copy of the files (database and write-ahead log), not just of the tables: the rows of used invitations
    are overwritten (secure_delete) and the log truncated, while unused ones are still there."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'copy.sqlite3'}", DJANGO_SETTINGS_MODULE="joinedup.settings",
               PYTHONPATH=str(root), DJANGO_ALLOW_ASYNC_UNSAFE="true")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", FILE_ATTACK], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "gone,gone,gone,kept,kept"
