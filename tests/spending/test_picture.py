"""The totals against a hand-computed example (helpers.COUNCIL_FILE and POLICE_FILE, Leeds of 800,000 people).

2025-26: council 1,000,000 (DfE, audited) + 600,000 (local) + 400,000 (local, audited); police 900,000 (Home
Office, audited) + 100,000 (local, sensitive). Total 3,000,000; per head 3.75; central 1,900,000; local 1,100,000;
audited 2,300,000; children and families 1,700,000 from two bodies. 2024-25: 1,500,000, so +1,500,000 (+100%).
"""

import json
from decimal import Decimal

import pytest

from joinedup.spending import charts, exports, services
from joinedup.spending.selectors import count_picture
from tests.spending import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return helpers.imported(helpers.world())


def test_a_member_sees_the_hand_computed_totals(w):
    p = count_picture(count=w["count"], user=w["officer"])
    assert p.year == 2025
    assert p.total == Decimal("3000000") and p.per_head == Decimal("3.75")
    assert (p.central, p.local, p.audited) == (Decimal("1900000"), Decimal("1100000"), Decimal("2300000"))
    assert [(t.key, t.amount, t.bodies) for t in p.themes] == [
        ("children_families", Decimal("1700000"), 2),
        ("offending", Decimal("900000"), 1),
        ("older_people", Decimal("400000"), 1),
    ]
    assert [t.key for t in p.themes if t.shared] == ["children_families"]
    assert p.themes[0].share == 56.7 and p.themes[0].per_head == Decimal("2.13")
    assert [(b.label, b.amount) for b in p.bodies] == [
        ("Leeds City Council", Decimal("2000000")),
        ("West Yorkshire Police", Decimal("1000000")),
    ]
    assert [(y.year, y.amount, y.change, y.change_percent) for y in p.years] == [
        (2024, Decimal("1500000"), None, None),
        (2025, Decimal("3000000"), Decimal("1500000"), 100.0),
    ]
    flows = {(f.source, f.body, f.theme): f.amount for f in p.flows}
    assert flows[("Department for Education", "Leeds City Council", "Children and families")] == Decimal(
        "1000000"
    )
    assert flows[("Local money", "Leeds City Council", "Children and families")] == Decimal("600000")
    assert sum(flows.values()) == p.total


def test_others_see_an_open_count_without_its_sensitive_lines(w):
    services.spend_count_set_open(count=w["count"], actor=w["officer"], is_open=True)
    p = count_picture(count=w["count"], user=w["outsider"])
    assert p.total == Decimal("2900000")
    assert [(t.key, t.amount, t.bodies) for t in p.themes][0] == ("children_families", Decimal("1600000"), 1)
    csv_text = exports.totals_csv(count=w["count"], user=w["outsider"])
    assert "100000.00" not in csv_text and "900000.00" in csv_text


def test_an_earlier_year_can_be_pictured_and_similar_places_compared(w):
    bradford = helpers.cast.place("E08000032", "Bradford")
    other = services.spend_count_create(
        created_by=w["officer"], title="Bradford", place=bradford, situation=w["situation"]
    )
    services.spend_import_submit(
        count=other,
        body=w["council"],
        supplied_by=w["officer"],
        filename="b.csv",
        content=helpers.POLICE_FILE,
    )
    p = count_picture(count=w["count"], user=w["officer"], year=2024)
    assert p.total == Decimal("1500000") and p.similar == []
    latest = count_picture(count=w["count"], user=w["officer"])
    assert [(c.count.place.name, c.amount, c.per_head) for c in latest.similar] == [
        ("Bradford", Decimal("1000000"), Decimal("2.00"))
    ]


def test_the_flow_picture_has_a_text_alternative_with_its_figures(w):
    p = count_picture(count=w["count"], user=w["officer"])
    svg = charts.flow_chart(ident="flow", title="Flows", flows=p.flows)
    assert 'role="img"' in svg and '<desc id="flow-desc">' in svg
    text = charts.describe(p.flows)
    assert text.startswith("£3.0m flows from 3 sources of money through 2 bodies to 3 themes")
    assert "largest theme is Children and families (£1.7m)" in text


def test_the_360giving_json_holds_money_passed_between_bodies(w):
    data = exports.giving_json(count=w["count"], user=w["officer"], url="https://example.org/spending/1/")
    grants = data["grants"]
    assert sorted((g["fundingOrganization"][0]["name"], g["amountAwarded"]) for g in grants) == [
        ("Department for Education", 1000000.0),
        ("Home Office", 900000.0),
    ]
    assert grants[0]["beneficiaryLocation"][0]["geoCode"] == "E08000035"
    json.dumps(data)


def test_the_totals_csv_escapes_a_hostile_name_and_reads_back(w):
    from joinedup import csvsafe

    w["police"].name = '=HYPERLINK("http://evil")'
    w["police"].save()
    text = exports.totals_csv(count=w["count"], user=w["officer"])
    assert "'=HYPERLINK" in text
    rows = list(csvsafe.DictReader(text.splitlines()))
    assert {r["body"] for r in rows} == {"Leeds City Council", '=HYPERLINK("http://evil")'}
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("4500000")
