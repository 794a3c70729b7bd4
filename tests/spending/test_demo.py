from decimal import Decimal

import pytest

from joinedup.situations.demo import DEMO_STEPS
from joinedup.spending.models import SpendCount
from joinedup.spending.selectors import count_picture
from tests.spending import helpers

pytestmark = pytest.mark.django_db


def test_the_demo_seeding_adds_one_illustrative_count_in_a_demo_situations_place():
    w = helpers.world()
    helpers.cast.organisation(
        "department-for-work-pensions", "Department for Work and Pensions", "ministerial"
    )
    (step,) = [step for name, step in DEMO_STEPS if name == "spending"]  # registered for seed-demo
    step(1)
    step(1)  # seeding again replaces it
    count = SpendCount.objects.get(is_illustrative=True)
    assert count.place == w["leeds"] and count.is_open and "illustrative" in count.title
    picture = count_picture(count=count, user=w["outsider"])
    assert [y.year for y in picture.years] == [2024, 2025]
    # 2025 is 4% up on 2024, line by line (rounded to the pound)
    assert abs(picture.years[1].amount - picture.years[0].amount * Decimal("1.04")) < 20
    assert {b.label for b in picture.bodies} >= {
        "Leeds City Council",
        "West Yorkshire Police",
        "Department for Work and Pensions",
    }
