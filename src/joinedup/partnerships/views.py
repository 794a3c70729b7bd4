import secrets
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup import csvsafe
from joinedup.accounts.models import User
from joinedup.core.ratelimits import by_address, by_user, rate_limited
from joinedup.partnerships import charts, selectors, services
from joinedup.partnerships.forms import (
    AnswerForm,
    ChampionForm,
    CharterForm,
    CostForm,
    DeclarationForm,
    DeliverableForm,
    EnterCodeForm,
    ExitReviewForm,
    IssueCodesForm,
    MilestoneForm,
    ParticipantForm,
    PartnershipCreateForm,
    ScheduleCheckForm,
)
from joinedup.partnerships.items import DIMENSIONS, RATED_DIMENSIONS
from joinedup.partnerships.models import (
    Champion,
    CostLine,
    Deliverable,
    HealthCheck,
    Participant,
    Partnership,
    RespondentSide,
    Side,
    State,
)


def _get_partnership_for_user(request: HttpRequest, partnership_id: int) -> Partnership:
    """The one door to a partnership: 404 for anyone who is not in it, so outsiders cannot tell it exists."""
    partnership = selectors.partnerships_visible_to(request.user).filter(pk=partnership_id).first()
    if partnership is None:
        raise Http404("No such partnership")
    return partnership


def _get_lead_partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    partnership = _get_partnership_for_user(request, partnership_id)
    if not selectors.is_lead(user=request.user, partnership=partnership):
        raise PermissionDenied("Only the partnership's leads can do this")
    return partnership


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# Partnerships and their charter -----------------------------------------------------------------------------


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnerships_visible_to(request.user).order_by("state", "title")
    return render(request, "partnerships/list.html", {"partnerships": partnerships})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = PartnershipCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partnership = services.partnership_create(by=request.user, **data)
        messages.success(request, "Partnership started. Next, fill in the rest of the charter.")
        return redirect("partnerships:edit", partnership.pk)
    return render(request, "partnerships/create.html", {"form": form})


def _detail_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    participants = partnership.participants.select_related("user", "organisation")
    confirmations = {c.side: c for c in partnership.confirmations.select_related("user")}
    return {
        "partnership": partnership,
        "me": selectors.participant_of(user=request.user, partnership=partnership),
        "is_lead": selectors.is_lead(user=request.user, partnership=partnership),
        "participants": [p for p in participants if p.left_on is None],
        "former": [p for p in participants if p.left_on is not None],
        "champions": partnership.champions.select_related("user", "organisation"),
        "costs": partnership.costs.all(),
        "deliverables": partnership.deliverables.select_related("owner").prefetch_related("milestones"),
        "central_confirmation": confirmations.get(Side.CENTRAL),
        "local_confirmation": confirmations.get(Side.LOCAL),
        "problems": services.agreement_problems(partnership),
        "checks": partnership.health_checks.order_by("-opens_on"),
        "today": timezone.localdate(),
        "reminders": selectors.reminders_for(partnership, timezone.localdate()),
        "latest": selectors.latest_results(partnership),
    }


@login_required
def detail(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    return render(request, "partnerships/detail.html", _detail_context(request, partnership))


@login_required
def edit(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    form = CharterForm(request.POST or None, instance=Partnership.objects.get(pk=partnership.pk))
    if request.method == "POST" and form.is_valid():
        had_confirmations = partnership.confirmations.exists() or partnership.state != State.EXPLORING
        changed = services.partnership_update_charter(
            partnership=partnership, by=request.user, data=dict(form.cleaned_data)
        )
        if changed and had_confirmations:
            messages.success(
                request,
                "Charter saved. Because it changed, the leads' confirmations were "
                "withdrawn: both leads need to confirm it again.",
            )
        elif changed:
            messages.success(request, "Charter saved.")
        return redirect("partnerships:detail", partnership.pk)
    return render(
        request,
        "partnerships/form.html",
        {"partnership": partnership, "form": form, "heading": "Edit the charter"},
    )


@login_required
@require_POST
def confirm(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    try:
        services.partnership_confirm(partnership=partnership, by=request.user)
    except ValidationError as exc:
        context = _detail_context(request, partnership)
        context["action_errors"] = _errors(exc)
        context["action_errors_title"] = "The charter cannot be agreed yet"
        return render(request, "partnerships/detail.html", context, status=400)
    partnership.refresh_from_db()
    if partnership.state == State.AGREED:
        messages.success(request, "Both sides have confirmed the charter: the partnership is agreed.")
    else:
        messages.success(request, "You confirmed the charter for your side.")
    return redirect("partnerships:detail", partnership.pk)


@login_required
@require_POST
def transition(request: HttpRequest, partnership_id: int, action: str) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    try:
        services.partnership_transition(partnership=partnership, action=action, by=request.user)
    except ValidationError as exc:
        context = _detail_context(request, partnership)
        context["action_errors"] = _errors(exc)
        context["action_errors_title"] = "That cannot be done yet"
        return render(request, "partnerships/detail.html", context, status=400)
    messages.success(request, f"The partnership is now {partnership.get_state_display().lower()}.")
    return redirect("partnerships:detail", partnership.pk)


@login_required
def close(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    if partnership.state != State.EXITING:
        messages.error(request, "Start the exit before closing the partnership.")
        return redirect("partnerships:detail", partnership.pk)
    form = ExitReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.partnership_close(partnership=partnership, by=request.user, review=dict(form.cleaned_data))
        messages.success(request, "Partnership closed. Thank you for the exit review.")
        return redirect("partnerships:detail", partnership.pk)
    return render(
        request,
        "partnerships/form.html",
        {
            "partnership": partnership,
            "form": form,
            "heading": "Exit review",
            "lede": "A short, honest assessment. It becomes a draft lesson others can learn from.",
            "button": "Close the partnership",
        },
    )


@login_required
def history(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    return render(
        request,
        "partnerships/history.html",
        {"partnership": partnership, "entries": selectors.charter_history(partnership)},
    )


# People, champions, declarations ------------------------------------------------------------------------------


def _simple_form(
    request: HttpRequest, partnership: Partnership, form: Any, heading: str, save: Any
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("partnerships:detail", partnership.pk)
    return render(
        request, "partnerships/form.html", {"partnership": partnership, "form": form, "heading": heading}
    )


@login_required
@rate_limited("add-person", by_user)
def add_participant(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)

    def save(data: dict[str, Any]) -> None:
        if data["user"] is not None:
            services.partnership_add_participant(
                partnership=partnership, user=data["user"], role=data["role"], by=request.user
            )
        messages.success(
            request, f"If {data['email']} has a Joined Up account, they are now in the partnership."
        )

    return _simple_form(request, partnership, ParticipantForm(request.POST or None), "Add a person", save)


@login_required
@require_POST
def remove_participant(request: HttpRequest, partnership_id: int, participant_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    participant = get_object_or_404(Participant, pk=participant_id, partnership=partnership, left_on=None)
    services.partnership_remove_participant(participant=participant, by=request.user)
    messages.success(request, f"{participant.user} has left the partnership.")
    return redirect("partnerships:detail", partnership.pk)


@login_required
def declare(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    me = selectors.participant_of(user=request.user, partnership=partnership)
    if me is None:
        raise PermissionDenied("Only people in the partnership declare their interests")
    form = DeclarationForm(
        request.POST or None, initial={"represents": me.represents, "conflicts": me.conflicts}
    )

    def save(data: dict[str, Any]) -> None:
        services.partnership_declare(participant=me, by=request.user, **data)
        messages.success(request, "Declaration saved.")

    return _simple_form(request, partnership, form, "Which hat are you wearing?", save)


@login_required
@rate_limited("add-person", by_user)
def add_champion(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)

    def save(data: dict[str, Any]) -> None:
        if data["user"] is not None:
            services.partnership_add_champion(
                partnership=partnership, user=data["user"], is_senior=data["is_senior"], by=request.user
            )
        messages.success(request, f"If {data['email']} has a Joined Up account, they are now a champion.")

    return _simple_form(request, partnership, ChampionForm(request.POST or None), "Add a champion", save)


@login_required
@require_POST
def champion_left(request: HttpRequest, partnership_id: int, champion_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    champion = get_object_or_404(Champion, pk=champion_id, partnership=partnership, left_on=None)
    services.partnership_champion_left(champion=champion, by=request.user)
    messages.success(request, f"{champion.user} is recorded as having left as champion.")
    return redirect("partnerships:detail", partnership.pk)


# Costs and deliverables ------------------------------------------------------------------------------------


@login_required
def add_cost(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)

    def save(data: dict[str, Any]) -> None:
        services.partnership_add_cost(partnership=partnership, by=request.user, **data)

    return _simple_form(request, partnership, CostForm(request.POST or None), "Who bears which cost", save)


@login_required
@require_POST
def remove_cost(request: HttpRequest, partnership_id: int, cost_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    cost = get_object_or_404(CostLine, pk=cost_id, partnership=partnership)
    services.partnership_remove_cost(cost=cost, by=request.user)
    return redirect("partnerships:detail", partnership.pk)


def _members(partnership: Partnership) -> Any:
    return User.objects.filter(partnership_roles__partnership=partnership, partnership_roles__left_on=None)


@login_required
def add_deliverable(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    form = DeliverableForm(request.POST or None, members=_members(partnership))

    def save(data: dict[str, Any]) -> None:
        services.partnership_add_deliverable(partnership=partnership, by=request.user, **data)

    return _simple_form(request, partnership, form, "Add a deliverable", save)


@login_required
def edit_deliverable(request: HttpRequest, partnership_id: int, deliverable_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    deliverable = get_object_or_404(Deliverable, pk=deliverable_id, partnership=partnership)
    if not (
        selectors.is_lead(user=request.user, partnership=partnership) or deliverable.owner == request.user
    ):
        raise PermissionDenied("Only a lead or the deliverable's owner can update it")
    form = DeliverableForm(
        request.POST or None,
        members=_members(partnership),
        instance=Deliverable.objects.get(pk=deliverable.pk),
    )

    def save(data: dict[str, Any]) -> None:
        services.partnership_update_deliverable(deliverable=deliverable, by=request.user, data=data)

    return _simple_form(request, partnership, form, f"Update “{deliverable.title}”", save)


@login_required
def add_milestone(request: HttpRequest, partnership_id: int, deliverable_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    deliverable = get_object_or_404(Deliverable, pk=deliverable_id, partnership=partnership)
    if not (
        selectors.is_lead(user=request.user, partnership=partnership) or deliverable.owner == request.user
    ):
        raise PermissionDenied("Only a lead or the deliverable's owner can add milestones")

    def save(data: dict[str, Any]) -> None:
        services.partnership_add_milestone(deliverable=deliverable, by=request.user, **data)

    return _simple_form(
        request,
        partnership,
        MilestoneForm(request.POST or None),
        f"Add a milestone to “{deliverable.title}”",
        save,
    )


# Health checks ---------------------------------------------------------------------------------------------


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
        check = services.partnership_schedule_check(partnership=partnership, by=request.user, **data)
        messages.success(
            request, f"Health check scheduled from {check.opens_on:%-d %B} to {check.closes_on:%-d %B %Y}."
        )

    return _simple_form(request, partnership, form, "Schedule a health check", save)


@login_required
@require_POST
def close_check(request: HttpRequest, partnership_id: int, check_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    check = _get_check(partnership, check_id)
    services.partnership_close_check(check=check, by=request.user)
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
    state = services.member_invitation_state(check=check, user=request.user) if me else "none"
    open_now = check.is_open(today)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and open_now and state == "invited" and form.is_valid():
        error = _submit(form, check, services.member_digest(check=check, user=request.user))
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
                check=check, side=side, count=form.cleaned_data["count"], by=request.user
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


# Programme view --------------------------------------------------------------------------------------------


def _get_programme_for_user(request: HttpRequest, programme_id: int) -> Any:
    programme = selectors.programmes_visible_to(request.user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme")
    return programme


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_coordinator", False):
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
