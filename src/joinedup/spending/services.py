"""Writes to spend counts: keyword-only, validated, one transaction each.

An import reads its whole file first; only a file without a single bad row is written, all of it in one
transaction. A file of more than INLINE_ROWS rows is read by the `spending.import` job instead of the request.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.jobs.services import job_enqueue
from joinedup.partnerships.models import Partnership
from joinedup.places.models import Organisation, Place
from joinedup.situations.models import Situation
from joinedup.situations.services import situation_create
from joinedup.spending.imports import MAX_ERRORS_KEPT, read_lines, read_row
from joinedup.spending.models import ImportStatus, SpendCount, SpendImport, SpendLine, Theme, ThemeLink
from joinedup.spending.selectors import is_member

IMPORT_JOB = "spending.import"
INLINE_ROWS = 2_000
BATCH = 5_000
MAX_FILE_BYTES = 40 * 1024 * 1024


@transaction.atomic
def spend_count_create(
    *,
    created_by: User | None,
    title: str,
    place: Place,
    situation: Situation | None = None,
    partnership: Partnership | None = None,
    is_open: bool = False,
    is_illustrative: bool = False,
) -> SpendCount:
    count = SpendCount(
        title=title.strip(),
        # Keyword list into SpendCount: same shape as other creates (notifications.services,
        # systemmaps.services.links).
        place=place,
        situation=situation,
        partnership=partnership,
        is_open=is_open,
        is_illustrative=is_illustrative,
        created_by=created_by,
    )
    count.full_clean()
    if created_by is not None and not is_member(user=created_by, count=count):
        raise PermissionDenied("Only a member of the situation or partnership can start its count")
    count.save()
    return count


@transaction.atomic
def spend_count_set_open(*, count: SpendCount, actor: User, is_open: bool) -> SpendCount:
    if not is_member(user=actor, count=count):
        raise PermissionDenied("Only the count's members can change who sees it")
    count.is_open = is_open
    count.full_clean()
    count.save(update_fields=["is_open"])
    return count


def spend_import_submit(
    *, count: SpendCount, body: Organisation, supplied_by: User, filename: str, content: str
) -> SpendImport:
    """Record the upload; read it now if it is small, else queue the job that reads it."""
    if not is_member(user=supplied_by, count=count):
        raise PermissionDenied("Only the count's members can add spend to it")
    if len(content.encode()) > MAX_FILE_BYTES:
        raise ValidationError(f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; split it")
    with transaction.atomic():
        upload = SpendImport(
            count=count, body=body, supplied_by=supplied_by, filename=filename[:200], content=content
        )
        upload.full_clean()
        upload.save()
        if content.count("\n") > INLINE_ROWS:
            upload.job = job_enqueue(kind=IMPORT_JOB, params={"import_id": upload.pk}, owner=supplied_by)
            upload.save(update_fields=["job"])
            return upload
    return spend_import_read(upload=upload)


def spend_import_read(*, upload: SpendImport, progress: object = None) -> SpendImport:
    """Read the upload: all of its lines are written, in one transaction, or none and every row's problem."""
    report = progress if callable(progress) else (lambda percent, message="": None)
    records, errors = read_lines(upload.content)
    if errors:
        upload.status = ImportStatus.FAILED
        upload.errors = [{"row": e.row, "message": e.message} for e in errors[:MAX_ERRORS_KEPT]]
        upload.line_count = len(errors)  # of a failed import: how many rows had problems
        upload.content = ""  # the problems are kept; the file is the body's to correct and send again
        upload.save(update_fields=["status", "errors", "line_count", "content"])
        return upload
    report(40, f"Writing {len(records):,} spend lines")
    now = timezone.now()
    with transaction.atomic():
        locked = SpendImport.objects.select_for_update().get(pk=upload.pk)
        if locked.status != ImportStatus.PENDING:  # read already (a retried job): write once
            return locked
        for start in range(0, len(records), BATCH):
            SpendLine.objects.bulk_create(
                SpendLine(
                    count_id=upload.count_id,
                    body_id=upload.body_id,
                    source=upload,
                    supplied_by_id=upload.supplied_by_id,
                    supplied_at=now,
                    **vars(r),  # a LineRecord's fields are SpendLine's
                )
                for r in records[start : start + BATCH]
            )
            report(40 + 55 * min(len(records), start + BATCH) // len(records), "Writing spend lines")
        SpendImport.objects.filter(pk=upload.pk).update(
            status=ImportStatus.DONE, line_count=len(records), content="", errors=[]
        )
    upload.refresh_from_db()
    return upload


@transaction.atomic
def spend_line_add(
    *, count: SpendCount, body: Organisation, supplied_by: User, row: dict[str, str]
) -> SpendLine:
    """One line entered by hand: the same columns and checks as a file's row."""
    if not is_member(user=supplied_by, count=count):
        raise PermissionDenied("Only the count's members can add spend to it")
    try:
        r = read_row(row)
    except ValueError as problem:
        raise ValidationError(str(problem)) from None
    line = SpendLine(count=count, body=body, supplied_by=supplied_by, supplied_at=timezone.now(), **vars(r))
    line.full_clean()
    line.save()
    return line


# Same membership check as spend_line_add above, with its own message: one line of logic, kept inline.
@transaction.atomic
def theme_situation_start(
    *, count: SpendCount, theme: str, created_by: User, title: str, framing: str, perspective: str
) -> Situation:
    """A new situation about one theme of the count, in its place, linked from the count's picture."""
    if not is_member(user=created_by, count=count):
        raise PermissionDenied("Only the count's members can start a situation from it")
    if theme not in Theme.values:
        raise ValidationError("No such theme")
    situation = situation_create(
        created_by=created_by, title=title, framing=framing, perspective=perspective, places=[count.place]
    )
    link = ThemeLink(count=count, theme=theme, situation=situation)
    link.full_clean()
    link.save()
    return situation
