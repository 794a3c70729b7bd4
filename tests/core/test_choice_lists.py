"""Model choice lists: one plain query (no server-side cursor), and selects written the way Django writes them."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.core.forms import GovukForm
from joinedup.people.models import PolicyArea

pytestmark = pytest.mark.django_db


class AreaForm(GovukForm):
    area = forms.ModelChoiceField(queryset=PolicyArea.objects.all(), empty_label="Any", required=False)


@pytest.fixture
def areas():
    return [
        PolicyArea.objects.create(slug=s, name=n)
        for s, n in [("t-housing", "Test: housing"), ("t-care", "Test: children's care")]
    ]


def test_it_lists_the_choices_in_one_plain_query(areas):
    form = AreaForm()
    with CaptureQueriesContext(connection) as queries:
        html = str(form["area"])
    sql = [q["sql"] for q in queries]
    assert len(sql) == 1
    assert not any("DECLARE" in s.upper() for s in sql)  # PostgreSQL's server-side cursor
    assert html.index("Any") < html.index("Test: children&#x27;s care") < html.index("Test: housing")


def test_it_marks_the_chosen_option_selected_and_escapes_labels(areas):
    form = AreaForm({"area": str(areas[0].pk)})
    assert form.is_valid() and form.cleaned_data["area"] == areas[0]
    html = str(form["area"])
    assert f'<option value="{areas[0].pk}" selected>Test: housing</option>' in html
    assert f'<option value="{areas[1].pk}">Test: children&#x27;s care</option>' in html
    assert '<option value="">Any</option>' in html
    assert 'class="govuk-select"' in html


def test_it_still_refuses_a_choice_that_is_not_there(areas):
    form = AreaForm({"area": "999999"})
    assert not form.is_valid()
    assert "area" in form.errors


def test_it_groups_options_as_django_does():
    class Grouped(GovukForm):
        pick = forms.ChoiceField(choices=[("Central", [("dfe", "DfE")]), ("Local", [("lcc", "Leeds")])])

    html = str(Grouped({"pick": "lcc"})["pick"])
    assert '<optgroup label="Central">' in html and '<optgroup label="Local">' in html
    assert '<option value="lcc" selected>Leeds</option>' in html
