from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.places.selectors import place_get
from joinedup.spending import charts, exports, selectors, services
from joinedup.spending.forms import CountForm, ImportForm, LineForm, ThemeSituationForm
from joinedup.spending.imports import COLUMNS, template_csv
from joinedup.spending.models import Channel, Confidence, SpendCount, SpendImport, Theme


def _get_count_for_user(request: HttpRequest, count_id: int) -> SpendCount:
    """The one place that decides whether this user may see a count: 404 otherwise."""
    return selectors.count_get_for_user(user=request.user, count_id=count_id)


def _get_count_for_member(request: HttpRequest, count_id: int) -> SpendCount:
    """Members only (adding spend, starting situations): 404 for everyone else, even where the count is open."""
    count = _get_count_for_user(request, count_id)
    if not selectors.is_member(user=request.user, count=count):
        raise Http404("No such count")
    return count


@login_required
def count_list(request: HttpRequest) -> HttpResponse:
    counts = selectors.counts_visible_to(request.user).select_related("place")
    return render(request, "spending/list.html", {"counts": counts})


@login_required
@require_http_methods(["GET", "POST"])
def count_new(request: HttpRequest, gss_code: str) -> HttpResponse:
    place = place_get(gss_code=gss_code)
    user = signed_in(request)
    form = CountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        count = services.spend_count_create(
            created_by=user,
            title=form.cleaned_data["title"],
            place=place,
            is_open=form.cleaned_data["is_open"],
            **form.owner(),
        )
        messages.success(request, "Count started. Each body can now add its spend.")
        return redirect(count)
    return render(request, "spending/count_new.html", {"form": form, "place": place})


@login_required
def count_detail(request: HttpRequest, count_id: int) -> HttpResponse:
    count = _get_count_for_user(request, count_id)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    picture = selectors.count_picture(count=count, user=request.user, year=year)
    title = f"Where the public money in {count.place.name} comes from, who spends it and on what"
    context = {
        "count": count,
        "picture": picture,
        "flow_svg": charts.flow_chart(ident="flow", title=title, flows=picture.flows)
        if picture.flows
        else "",
        "flow_text": charts.describe(picture.flows),
        "is_member": selectors.is_member(user=request.user, count=count),
        "imports": count.imports.select_related("body", "supplied_by", "job")[:20],
    }
    return render(request, "spending/count_detail.html", context)


@login_required
@require_POST
def count_openness(request: HttpRequest, count_id: int) -> HttpResponse:
    count = _get_count_for_member(request, count_id)
    services.spend_count_set_open(
        count=count, actor=signed_in(request), is_open=request.POST.get("is_open") == "1"
    )
    messages.success(request, "Saved who can see this count.")
    return redirect(count)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest, count_id: int) -> HttpResponse:
    count = _get_count_for_member(request, count_id)
    form = ImportForm(request.POST or None, request.FILES or None, place=count.place)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.spend_import_submit(
                count=count,
                body=form.cleaned_data["body"],
                supplied_by=signed_in(request),
                filename=getattr(request.FILES.get("file"), "name", "") or "",
                content=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if upload.job_id:
                return redirect("jobs:detail", upload.job_id)
            return redirect("spending:import", count.pk, upload.pk)
    context = {
        "count": count,
        "form": form,
        "columns": COLUMNS,
        "themes": Theme.choices,
        "channels": Channel.choices,
        "confidences": Confidence.choices,
    }
    return render(request, "spending/import_new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def line_new(request: HttpRequest, count_id: int) -> HttpResponse:
    count = _get_count_for_member(request, count_id)
    form = LineForm(request.POST or None, place=count.place)
    if request.method == "POST" and form.is_valid():
        try:
            services.spend_line_add(
                count=count, body=form.cleaned_data["body"], supplied_by=signed_in(request), row=form.row()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Spend line added.")
            return redirect(count)
    return render(request, "spending/line_new.html", {"count": count, "form": form})


@login_required
def import_detail(request: HttpRequest, count_id: int, import_id: int) -> HttpResponse:
    count = _get_count_for_member(request, count_id)
    upload = get_object_or_404(
        SpendImport.objects.select_related("body", "supplied_by", "job"), pk=import_id, count=count
    )
    return render(request, "spending/import_detail.html", {"count": count, "upload": upload})


def template_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="spend-lines-template.csv"'
    return response


@login_required
def totals_csv(request: HttpRequest, count_id: int) -> HttpResponse:
    count = _get_count_for_user(request, count_id)
    response = HttpResponse(
        exports.totals_csv(count=count, user=request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="spend-totals-{count.pk}.csv"'
    return response


@login_required
def giving_json(request: HttpRequest, count_id: int) -> JsonResponse:
    count = _get_count_for_user(request, count_id)
    data = exports.giving_json(
        count=count, user=request.user, url=request.build_absolute_uri(count.get_absolute_url())
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="spend-{count.pk}-360giving.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def theme_situation(request: HttpRequest, count_id: int, theme: str) -> HttpResponse:
    count = _get_count_for_member(request, count_id)
    if theme not in Theme.values:
        raise Http404("No such theme")
    label = Theme(theme).label
    picture = selectors.count_picture(count=count, user=request.user)
    row = next((t for t in picture.themes if t.key == theme), None)
    framing = (
        f"In {picture.year_label}, {row.bodies} bodies spent {charts.money(row.amount)} on "
        f"{label.lower()} in {count.place.name} ({row.share}% of the counted public money). "
        "How could we redesign this around the people it serves, rather than around our organisations?"
        if row
        else f"How could the public bodies in {count.place.name} work as one on {label.lower()}?"
    )
    initial = {"title": f"{label} in {count.place.name}", "framing": framing}
    form = ThemeSituationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            situation = services.theme_situation_start(
                count=count, theme=theme, created_by=signed_in(request), **form.cleaned_data
            )
        except PermissionDenied:
            raise Http404("No such count") from None
        messages.success(request, "Situation started. Invite the other bodies who spend on this.")
        return redirect(situation)
    return render(request, "spending/theme_situation.html", {"count": count, "form": form, "label": label})
