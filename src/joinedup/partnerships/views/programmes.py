"""The programme view for coordinators: every partnership of a programme, on a page and as CSV."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup import csvsafe
from joinedup.accounts.actors import signed_in
from joinedup.partnerships import selectors
from joinedup.partnerships.items import DIMENSIONS
from joinedup.partnerships.models import Programme


def _get_programme_for_user(request: HttpRequest, programme_id: int) -> Programme:
    programme = selectors.programmes_visible_to(request.user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme")
    return programme


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    if not signed_in(request).is_coordinator:
        raise Http404("Programmes are for coordinators")
    return render(
        request,
        "partnerships/programme_list.html",
        {"programmes": selectors.programmes_visible_to(request.user)},
    )


@login_required
def programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _get_programme_for_user(request, programme_id)
    return render(
        request,
        "partnerships/programme.html",
        {
            "programme": programme,
            "rows": selectors.programme_rows(programme),
            "dimensions": DIMENSIONS,
            "withheld_text": selectors.WITHHELD,
        },
    )


@login_required
def programme_csv(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _get_programme_for_user(request, programme_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}.csv"'
    writer = csvsafe.writer(response)
    dims = [code for code, _ in DIMENSIONS]
    writer.writerow(
        [
            "partnership",
            "kind",
            "state",
            "planned_exit_date",
            "exit_due_in_days",
            "latest_check_closes_on",
            "responses",
            *dims,
            "warnings",
            "reminders",
        ]
    )
    for row in selectors.programme_rows(programme):
        results = row.results
        scores = [
            ("" if results is None or results.overall[d].mean is None else results.overall[d].mean)
            for d in dims
        ]
        writer.writerow(
            [
                row.partnership.title,
                row.partnership.kind,
                row.partnership.state,
                row.partnership.planned_exit_date or "",
                "" if row.exit_due_in_days is None else row.exit_due_in_days,
                results.check.closes_on if results else "",
                results.n if results else "",
                *scores,
                " | ".join(row.warnings),
                " | ".join(r.message for r in row.reminders),
            ]
        )
    return response
