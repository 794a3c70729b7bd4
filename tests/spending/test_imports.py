from decimal import Decimal

import pytest

from joinedup.spending.imports import read_lines, template_csv
from tests.spending import helpers

pytestmark = pytest.mark.django_db


def test_every_bad_row_is_reported_with_its_row_number():
    helpers.world()
    records, errors = read_lines(helpers.BAD_FILE)
    by_row = {e.row: e.message for e in errors}
    assert sorted(by_row) == [3, 4, 5]
    assert "theme “Bananas”" in by_row[3]
    assert "amount “lots” is not a number" in by_row[4]
    assert "not one financial year" in by_row[5] and "Ministry of Magic" in by_row[5] and "maybe" in by_row[5]
    assert len(records) == 1  # the good row is read, but the service writes nothing while any row is bad


def test_a_row_reads_codes_labels_pounds_and_departments():
    w = helpers.world()
    records, errors = read_lines(helpers.COUNCIL_FILE)
    assert errors == []
    first, _, third, fourth = records
    assert (first.year, first.theme, first.amount, first.funder_id, first.is_central) == (
        2025, "children_families", Decimal("1000000.00"), w["dfe"].pk, True,
    )  # fmt: skip
    assert (third.amount, third.funder_id, third.is_central, third.households_served) == (
        Decimal("400000.00"), None, False, 310,
    )  # fmt: skip
    assert third.confidence == "audited" and third.channel == "commissioned"
    assert fourth.year == 2024 and fourth.confidence == "estimated"


def test_a_file_without_the_required_columns_is_refused_at_the_header():
    _, errors = read_lines("when,what\n2025,x\n")
    assert [(e.row, e.message[:30]) for e in errors] == [(1, "The header row lacks year, the")]


def test_the_published_template_reads_back_once_its_departments_exist():
    helpers.world()
    records, errors = read_lines(template_csv())
    assert errors == [] and len(records) == 2
