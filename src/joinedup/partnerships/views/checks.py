"""Health checks: schedule and close a round, answer it as a member or with a code, and read its results."""

import secrets
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.accounts.actors import signed_in
from joinedup.core.ratelimits import by_address, rate_limited
from joinedup.partnerships import charts, selectors, services
from joinedup.partnerships.forms import AnswerForm, EnterCodeForm, IssueCodesForm, ScheduleCheckForm
from joinedup.partnerships.items import DIMENSIONS, RATED_DIMENSIONS
from joinedup.partnerships.models import HealthCheck, Partnership, RespondentSide
from joinedup.partnerships.views.doors import (
    _ask_first,
    _get_lead_partnership,
    _get_partnership_for_user,
    _simple_form,
)


def _get_check(partnership: Partnership, check_id: int) -> HealthCheck:
    return get_object_or_404(HealthCheck, pk=check_id, partnership=partnership)


@login_required
def schedule_check(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    today = timezone.localdate()
    form = ScheduleCheckForm(
        request.POST or None, initial={"opens_on": today, "closes_on": today + timedelta(days=14)}
    )

    def save(data: dict[str, Any]) -> None:
        check = services.partnership_schedule_check(partnership=partnership, by=signed_in(request), **data)
        messages.success(
            request, f"Health check scheduled from {check.opens_on:%-d %B} to {check.closes_on:%-d %B %Y}."
        )

    return _simple_form(request, partnership, form, "Schedule a health check", save)


@login_required
@require_POST
def close_check(request: HttpRequest, partnership_id: int, check_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    check = _get_check(partnership, check_id)
    ask = _ask_first(
        request,
        partnership,
        heading="Close this health check now?",
        explain=[
            f"It was due to stay open until the end of {check.closes_on:%-d %B %Y}. Once closed it takes no "
            "more answers: unused invitations and codes stop working, and the results are shown at once.",
        ],
        button="Yes, close it now",
        back=check.get_absolute_url(),
    )
    if ask is not None:
        return ask
    services.partnership_close_check(check=check, by=signed_in(request))
    messages.success(request, "The health check is closed and its results are ready.")
    return redirect(check.get_absolute_url())


@login_required
def check(request: HttpRequest, partnership_id: int, check_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    check = _get_check(partnership, check_id)
    today = timezone.localdate()
    if check.is_closed(today):
        return _results(request, partnership, check)
    me = selectors.participant_of(user=request.user, partnership=partnership)
    state = services.member_invitation_state(check=check, user=signed_in(request)) if me else "none"
    open_now = check.is_open(today)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and open_now and state == "invited" and form.is_valid():
        error = _submit(form, check, services.member_digest(check=check, user=signed_in(request)))
        if error is None:
            return redirect(check.get_absolute_url())
        form.add_error(None, error)
    return render(
        request,
        "partnerships/check_open.html",
        {
            "partnership": partnership,
            "check": check,
            "form": form,
            "state": state,
            "me": me,
            "my_side": RespondentSide(services.respondent_side(me)).label if me else "",
            "is_lead": selectors.is_lead(user=request.user, partnership=partnership),
            "open": open_now,
            "min_group": selectors.min_group(),
            "codes_issued": selectors.codes_issued(check),
        },
    )


def _submit(form: AnswerForm, check: HealthCheck, digest: str) -> str | None:
    try:
        services.partnership_answer_check(
            check=check,
            invitation_digest=digest,
            answers=form.answers(),
            talk_about=form.cleaned_data["talk_about"],
        )
    except services.AlreadyAnswered as exc:
        return str(exc)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


@login_required
def issue_codes(request: HttpRequest, partnership_id: int, check_id: int) -> HttpResponse:
    """A lead issues a batch of single-use codes for one side, shown once as a printable list."""
    partnership = _get_lead_partnership(request, partnership_id)
    check = _get_check(partnership, check_id)
    if check.is_closed(timezone.localdate()):
        messages.error(request, "This health check has closed: it takes no more answers.")
        return redirect(check.get_absolute_url())
    form = IssueCodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        side = form.cleaned_data["side"]
        try:
            codes = services.partnership_issue_codes(
                check=check, side=side, count=form.cleaned_data["count"], by=signed_in(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            response = render(
                request,
                "partnerships/check_codes.html",
                {
                    "partnership": partnership,
                    "check": check,
                    "side": RespondentSide(side).label,
                    "codes": [
                        (code, request.build_absolute_uri(reverse("partnerships:answer-code", args=[code])))
                        for code in codes
                    ],
                    "enter_url": request.build_absolute_uri(reverse("partnerships:enter-code")),
                },
            )
            # Shown once: no cache may keep a copy of the codes.
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "partnerships/form.html",
        {
            "partnership": partnership,
            "form": form,
            "heading": "Issue codes for this health check",
            "lede": "For frontline staff and service users who answer without an account. Each code answers "
            "once, as the side you choose here. The codes are shown once, on the next page, for you to "
            "print or copy: Joined Up keeps only a one-way fingerprint of each.",
            "button": "Issue the codes",
        },
    )


def enter_code(request: HttpRequest) -> HttpResponse:
    """Where a person types the code from their slip."""
    form = EnterCodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        if code:
            return redirect("partnerships:answer-code", code)
        form.add_error("code", "Enter the code on your slip")
    return render(request, "partnerships/check_enter_code.html", {"form": form})


@rate_limited("participate-new:health-check", by_address)
def answer_code(request: HttpRequest, code: str) -> HttpResponse:
    """Frontline staff and service users answer once with a single-use code; the side is the code's."""
    invitation = services.code_invitation(code)
    if invitation is None:
        return render(request, "partnerships/check_link.html", {"gone": True}, status=404)
    check = invitation.check_round
    open_now = check.is_open(timezone.localdate())
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and open_now and form.is_valid():
        error = _submit(form, check, invitation.digest)
        if error is None:
            return redirect("partnerships:answered")
        form.add_error(None, error)
    return render(
        request,
        "partnerships/check_link.html",
        {
            "check": check,
            "form": form,
            "open": open_now,
            "title": check.partnership.title,
            "side": RespondentSide(invitation.side).label,
            "min_group": selectors.min_group(),
        },
    )


def answered(request: HttpRequest) -> HttpResponse:
    """Thanks, after an answer with a code (the code itself no longer opens anything)."""
    return render(request, "partnerships/check_link.html", {"answered": True})


def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """The open frontline link of old rounds: it no longer takes answers (anyone holding it could answer without
    limit). It says so, and where to get a code."""
    check = HealthCheck.objects.filter(link_token=token).first()
    if check is None or not secrets.compare_digest(check.link_token, token):
        raise Http404("No such health check")
    return render(
        request,
        "partnerships/check_link.html",
        {"retired": True, "title": check.partnership.title},
        status=410,
    )


def _results(request: HttpRequest, partnership: Partnership, check: HealthCheck) -> HttpResponse:
    results = selectors.check_results(check, selectors.previous_check(check))
    rounds = selectors.trends(partnership)
    labels = [selectors.DIMENSION_LABELS[d] for d in RATED_DIMENSIONS]
    sides = [(s, label) for s, label in RespondentSide.choices]
    context = {
        "partnership": partnership,
        "check": check,
        "results": results,
        "is_lead": selectors.is_lead(user=request.user, partnership=partnership),
        "withheld_text": selectors.WITHHELD,
        "min_group": selectors.min_group(),
        "rows": _result_rows(results, sides),
        "sides": sides,
        "dimensions": DIMENSIONS,
        "trend_rows": [(c, [overall[d] for d in RATED_DIMENSIONS]) for c, overall in rounds],
        "trend_labels": labels,
        "codes_issued": selectors.codes_issued(check),
    }
    if not results.withheld:
        context["bar_svg"] = charts.bar_chart(
            ident="by-side",
            title="Scores by side",
            categories=labels,
            series=[("All", [results.overall[d].mean for d in RATED_DIMENSIONS])]
            + [
                (label, [results.by_side[s][d].mean for d in RATED_DIMENSIONS])
                for s, label in sides
                if not results.by_side[s][RATED_DIMENSIONS[0]].withheld
            ],
        )
    if len(rounds) > 1:
        context["trend_svg"] = charts.line_chart(
            ident="trend",
            title="Scores across rounds",
            rounds=[f"{c.opens_on:%b %Y}" for c, _ in rounds],
            series=[
                (selectors.DIMENSION_LABELS[d], [o[d].mean for _, o in rounds]) for d in RATED_DIMENSIONS
            ],
        )
    return render(request, "partnerships/check_results.html", context)


def _result_rows(results: selectors.Results, sides: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "label": selectors.DIMENSION_LABELS[d],
            "overall": results.overall[d],
            "sides": [results.by_side[s][d] for s, _ in sides],
        }
        for d in RATED_DIMENSIONS
    ]
