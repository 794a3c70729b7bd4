import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.situations.models import Situation
from joinedup.spending.models import SpendCount, SpendLine
from tests.spending import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return helpers.imported(helpers.world())


def _as(client, user):
    client.force_login(user)
    return client


def _urls(count):
    return [
        reverse("spending:detail", args=[count.pk]),
        reverse("spending:import_new", args=[count.pk]),
        reverse("spending:totals_csv", args=[count.pk]),
        reverse("spending:giving_json", args=[count.pk]),
        reverse("spending:theme_situation", args=[count.pk, "offending"]),
        reverse("spending:import", args=[count.pk, count.imports.first().pk]),
    ]


def test_an_outsider_gets_404_on_every_page_of_a_closed_count(client, w):
    _as(client, w["outsider"])
    for url in _urls(w["count"]):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("spending:openness", args=[w["count"].pk]), {"is_open": "1"}).status_code == 404
    )


def test_anonymous_users_are_sent_to_sign_in(client, w):
    assert client.get(reverse("spending:detail", args=[w["count"].pk])).status_code == 302


def test_an_open_count_shows_others_its_totals_but_not_its_members_pages(client, w):
    _as(client, w["officer"]).post(reverse("spending:openness", args=[w["count"].pk]), {"is_open": "1"})
    client.logout()
    _as(client, w["outsider"])
    page = client.get(reverse("spending:detail", args=[w["count"].pk]))
    assert page.status_code == 200 and "£2,900,000" in page.content.decode()
    assert client.get(reverse("spending:import_new", args=[w["count"].pk])).status_code == 404
    assert (
        client.get(reverse("spending:theme_situation", args=[w["count"].pk, "offending"])).status_code == 404
    )


def test_a_member_sees_the_picture_with_its_flow_text_and_tables(client, w):
    page = _as(client, w["inspector"]).get(reverse("spending:detail", args=[w["count"].pk]))
    html = page.content.decode()
    assert "The public pound in Leeds – Joined Up" in html
    assert "£3,000,000 in 5 lines" in html and "£3.75" in html
    assert 'id="flow-text"' in html and 'aria-labelledby="flow-title flow-desc"' in html
    assert "Start a situation about children and families" in html


def test_a_member_uploads_a_file_and_sees_it_imported(client, w):
    SpendLine.objects.all().delete()
    upload = SimpleUploadedFile("police.csv", helpers.POLICE_FILE.encode())
    response = _as(client, w["inspector"]).post(
        reverse("spending:import_new", args=[w["count"].pk]), {"body": w["police"].pk, "file": upload}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Spend imported" in page.content.decode() and SpendLine.objects.count() == 2


def test_a_bad_file_lists_each_row_and_imports_nothing(client, w):
    SpendLine.objects.all().delete()
    upload = SimpleUploadedFile("bad.csv", helpers.BAD_FILE.encode())
    response = _as(client, w["inspector"]).post(
        reverse("spending:import_new", args=[w["count"].pk]),
        {"body": w["police"].pk, "file": upload},
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing was imported" in html and "Row 3: theme “Bananas”" in html and "Row 5:" in html
    assert SpendLine.objects.count() == 0


def test_the_template_downloads_as_csv(client):
    response = client.get(reverse("spending:template"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("year,theme,amount,funding_source,channel")


def test_the_exports_hold_the_totals(client, w):
    _as(client, w["officer"])
    csv_text = client.get(reverse("spending:totals_csv", args=[w["count"].pk])).content.decode()
    assert (
        "2025–26,Children and families,Leeds City Council,Department for Education,central,1000000.00"
        in csv_text
    )
    data = json.loads(client.get(reverse("spending:giving_json", args=[w["count"].pk])).content)
    assert len(data["grants"]) == 2


def test_a_theme_starts_a_prefilled_situation(client, w):
    url = reverse("spending:theme_situation", args=[w["count"].pk, "children_families"])
    form = _as(client, w["inspector"]).get(url).content.decode()
    assert "Children and families in Leeds" in form and "2 bodies spent £1.7m" in form
    response = client.post(
        url,
        {
            "title": "Children and families in Leeds",
            "framing": "One family, three bodies.",
            "perspective": "partner",
        },
    )
    situation = Situation.objects.get(title="Children and families in Leeds")
    assert response["Location"] == situation.get_absolute_url()
    assert situation.memberships.get().user == w["inspector"]


def test_a_count_is_started_from_a_place_by_a_member_of_its_situation(client, w):
    url = reverse("spending:new", args=["E08000035"])
    response = _as(client, w["officer"]).post(
        url, {"title": "Second count", "belongs_to": f"s{w['situation'].pk}"}
    )
    assert response.status_code == 302 and SpendCount.objects.filter(title="Second count").exists()
    client.logout()
    _as(client, w["outsider"]).post(url, {"title": "Sneaky", "belongs_to": f"s{w['situation'].pk}"})
    assert not SpendCount.objects.filter(title="Sneaky").exists()


def test_the_place_page_lists_the_count(client, w):
    html = _as(client, w["officer"]).get(w["leeds"].get_absolute_url()).content.decode()
    assert "The public pound in Leeds" in html and "Start a count for Leeds" in html


def test_a_member_enters_one_line_by_hand_checked_as_a_files_row(client, w):
    url = reverse("spending:line_new", args=[w["count"].pk])
    row = {"body": w["police"].pk, "year": "2025-26", "theme": "housing", "amount": "£12,500", "funding_source": "Home Office",
           "channel": "grant", "confidence": "audited", "sensitive": "on"}  # fmt: skip
    assert _as(client, w["inspector"]).post(url, row).status_code == 302
    line = SpendLine.objects.get(theme="housing")
    assert (line.amount, line.is_central, line.is_sensitive, line.supplied_by) == (
        12500,
        True,
        True,
        w["inspector"],
    )
    bad = client.post(url, {**row, "funding_source": "Ministry of Magic", "year": "2025-27"}).content.decode()
    assert "Ministry of Magic" in bad and "not one financial year" in bad
    assert SpendLine.objects.filter(theme="housing").count() == 1
    client.logout()
    assert _as(client, w["outsider"]).get(url).status_code == 404
