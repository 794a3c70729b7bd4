import pytest
from django.core.exceptions import PermissionDenied

from joinedup.jobs.services import jobs_run_all
from joinedup.spending import services
from joinedup.spending.models import ImportStatus, SpendLine
from tests.spending import helpers

pytestmark = pytest.mark.django_db


def test_a_file_with_errors_writes_nothing_and_keeps_each_rows_problem():
    w = helpers.world()
    upload = services.spend_import_submit(
        count=w["count"],
        body=w["police"],
        supplied_by=w["inspector"],
        filename="bad.csv",
        content=helpers.BAD_FILE,
    )
    assert upload.status == ImportStatus.FAILED
    assert [e["row"] for e in upload.errors] == [3, 4, 5]
    assert SpendLine.objects.count() == 0


def test_each_line_keeps_who_supplied_it_and_when():
    w = helpers.imported(helpers.world())
    lines = SpendLine.objects.filter(count=w["count"])
    assert lines.count() == 6
    police = lines.filter(body=w["police"])
    assert {line.supplied_by for line in police} == {w["inspector"]}
    assert all(line.supplied_at is not None and line.source.filename == "police.csv" for line in police)


def test_an_outsider_cannot_add_spend():
    w = helpers.world()
    with pytest.raises(PermissionDenied):
        services.spend_import_submit(
            count=w["count"],
            body=w["police"],
            supplied_by=w["outsider"],
            filename="x.csv",
            content=helpers.POLICE_FILE,
        )


def test_a_large_file_is_read_by_a_job_with_progress(monkeypatch):
    monkeypatch.setattr(services, "INLINE_ROWS", 3)
    w = helpers.world()
    upload = services.spend_import_submit(
        count=w["count"],
        body=w["council"],
        supplied_by=w["officer"],
        filename="big.csv",
        content=helpers.COUNCIL_FILE,
    )
    assert upload.status == ImportStatus.PENDING and upload.job is not None
    assert SpendLine.objects.count() == 0
    assert jobs_run_all() == 1
    upload.refresh_from_db()
    upload.job.refresh_from_db()
    assert upload.status == ImportStatus.DONE and upload.line_count == 4
    assert upload.job.progress == 100 and upload.job.result["next_url"].endswith(f"/imports/{upload.pk}/")
    assert SpendLine.objects.count() == 4


def test_a_theme_starts_a_situation_in_the_place_linked_from_the_count():
    w = helpers.imported(helpers.world())
    situation = services.theme_situation_start(
        count=w["count"], theme="children_families", created_by=w["inspector"],
        title="Children and families in Leeds", framing="Three bodies, one family.", perspective="partner",
    )  # fmt: skip
    assert list(situation.places.all()) == [w["leeds"]]
    assert w["count"].theme_links.get().situation == situation
