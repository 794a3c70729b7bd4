"""System map pages. Every view reaches its map or situation through one helper that checks membership."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.accounts.actors import signed_in
from joinedup.situations.models import Perspective, Situation
from joinedup.situations.selectors import situation_get_for_user
from joinedup.systemmaps import services
from joinedup.systemmaps.analysis import page_what_if
from joinedup.systemmaps.compute import (
    MapError,
    PictureUnavailable,
    diff_to_dict,
    map_diff,
    render_png,
    render_svg,
)
from joinedup.systemmaps.compute import formats as file_formats
from joinedup.systemmaps.forms import (
    FactorForm,
    ImportForm,
    LinkEditForm,
    LinkForm,
    SystemMapForm,
    VersionForm,
    WhatIfForm,
)
from joinedup.systemmaps.limits import map_limits
from joinedup.systemmaps.models import GROUND_PERSPECTIVES, Change, Factor, Link, Owner, SystemMap
from joinedup.systemmaps.selectors import (
    factors_of,
    links_of,
    system_map_get_for_user,
    system_map_to_engine,
    version_to_engine,
    versions_of,
)


def _get_map_for_user(request: HttpRequest, map_id: int) -> SystemMap:
    return system_map_get_for_user(user=request.user, map_id=map_id)


def _get_situation_for_user(request: HttpRequest, situation_id: int) -> Situation:
    return situation_get_for_user(user=request.user, situation_id=situation_id)


# --- maps of a situation ---------------------------------------------------------------------------------


@login_required
def map_list(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id)
    form = SystemMapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        system_map = services.system_map_create(
            situation=situation, user=signed_in(request), **form.cleaned_data
        )
        messages.success(request, f"The map “{system_map.title}” was created.")
        return redirect(system_map)
    maps = situation.system_maps.all()
    return render(request, "systemmaps/list.html", {"situation": situation, "maps": maps, "form": form})


@login_required
def map_import(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id)
    too_big = _upload_too_big(request)
    if too_big:
        context = {"situation": situation, "form": ImportForm(), "problems": [too_big]}
        return render(request, "systemmaps/import.html", context, status=413)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            cmap = _read_upload(form.cleaned_data)
            system_map = services.system_map_import(
                situation=situation, user=signed_in(request), title=form.cleaned_data["title"], cmap=cmap
            )
        except MapError as err:
            problems = [str(p) for p in err.problems]
        except ValidationError as err:
            problems = list(err.messages)
        else:
            messages.success(
                request,
                f"Imported {system_map.factors.count()} factors and {system_map.links.count()} links.",
            )
            return redirect(system_map)
    return render(
        request, "systemmaps/import.html", {"situation": situation, "form": form, "problems": problems}
    )


def _upload_too_big(request: HttpRequest) -> str:
    """Refuse, before the body is read, a request too big to hold two map files within the limit."""
    limit = map_limits().max_bytes
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if request.method != "POST" or length <= 2 * limit + 64 * 1024:
        return ""
    return (
        f"The upload is {length / 1_000_000:,.1f} MB; the limit is {limit / 1_000_000:,.1f} MB per map file."
    )


def _read_upload(data: dict[str, Any]) -> Any:
    """The uploaded map, read within the limits (the form has refused oversized files before this)."""
    limits = map_limits()
    first = data["file"].read(limits.max_bytes + 1)
    name = data["file"].name
    if data["format"] == "graphml":
        return file_formats.read_graphml(first, name=name, limits=limits)
    if data["format"] == "kumu-json":
        return file_formats.read_kumu_json(first, name=name, limits=limits)
    second, names = data["second_file"].read(limits.max_bytes + 1), (name, data["second_file"].name)
    if data["format"] == "csv":
        return file_formats.read_csv(first, second, names=names, limits=limits)
    return file_formats.read_kumu_csv(first, second, names=names, limits=limits)


# --- one map: the accessible view, the forms, the change log ---------------------------------------------

CONTRIBUTION_FILTERS = {
    "": ("Everyone", None),
    "ground": ("Frontline staff and service users", GROUND_PERSPECTIVES),
    "frontline": ("Frontline staff", (Perspective.FRONTLINE,)),
    "service_user": ("Service users", (Perspective.SERVICE_USER,)),
}


def _filtered(items: QuerySet[Any], choice: str) -> QuerySet[Any]:
    perspectives = CONTRIBUTION_FILTERS.get(choice, ("", None))[1]
    return items if perspectives is None else items.filter(perspective__in=perspectives)


# Rows per page of the factors and links tables: a big map's page stays quick to draw and to read.
TABLE_ROWS = 200
# Past this many factors the what-if question is asked from each factor's row, not from a long menu.
WHAT_IF_MENU_MAX = 300


def _table_page(request: HttpRequest, items: QuerySet[Any], param: str) -> dict[str, Any]:
    """One page of a table, with links to the pages before and after that keep the other parameters."""
    page: Page[Any] = Paginator(items, TABLE_ROWS).get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    return {
        "page": page,
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
    }


@login_required
def detail(request: HttpRequest, map_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    cmap = system_map_to_engine(system_map)
    choice = request.GET.get("contributed", "")
    state = services.map_analysis_state(system_map=system_map, cmap=cmap)
    what_if_form = WhatIfForm(
        request.GET if "factor" in request.GET else None, factors=system_map.factors.all()
    )
    effects = None
    if what_if_form.is_valid():
        effects = page_what_if(cmap, what_if_form.cleaned_data["factor"].key)
    context = {
        "system_map": system_map,
        # Row links are built from this prefix: reverse() per row is most of the page's time on big maps.
        "base": system_map.get_absolute_url(),
        "situation": system_map.situation,
        "factors": _table_page(request, _filtered(factors_of(system_map), choice), "factors_page"),
        "links": _table_page(request, _filtered(links_of(system_map), choice), "links_page"),
        "filters": [(key, name) for key, (name, _) in CONTRIBUTION_FILTERS.items()],
        "choice": choice if choice in CONTRIBUTION_FILTERS else "",
        "state": state,
        "analysis": state.page,
        "what_if_form": what_if_form,
        "what_if_menu": len(cmap.factors) <= WHAT_IF_MENU_MAX,
        "effects": effects,
    }
    return render(request, "systemmaps/detail.html", context)


@login_required
def factor_add(request: HttpRequest, map_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    form = FactorForm(request.POST or None)
    # Same try/except/redirect as link_add below: two forms, two services, two messages and two anchors; a
    # helper would only take all five as parameters.
    if request.method == "POST" and form.is_valid():
        try:
            factor = services.factor_add(system_map=system_map, user=signed_in(request), **form.cleaned_data)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, f"Added the factor “{factor.label}”.")
            return redirect(f"{system_map.get_absolute_url()}#factors")
    return render(
        request,
        "systemmaps/form.html",
        {"system_map": system_map, "form": form, "title": "Add a factor", "button": "Add the factor"},
    )


@login_required
def factor_edit(request: HttpRequest, map_id: int, factor_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    factor = get_object_or_404(Factor, pk=factor_id, system_map=system_map)
    initial = {f: getattr(factor, f) for f in ("label", "owner", "organisation", "description")}
    form = FactorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.factor_update(factor=factor, user=signed_in(request), **form.cleaned_data)
        messages.success(request, f"Saved the factor “{factor.label}”.")
        return redirect(f"{system_map.get_absolute_url()}#factors")
    context = {"system_map": system_map, "form": form, "title": f"Change “{factor.label}”", "button": "Save"}
    return render(request, "systemmaps/form.html", context)


@login_required
def factor_delete(request: HttpRequest, map_id: int, factor_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    factor = get_object_or_404(Factor, pk=factor_id, system_map=system_map)
    if request.method == "POST":
        services.factor_delete(factor=factor, user=signed_in(request))
        messages.success(
            request, f"Removed the factor “{factor.label}”. You can undo this in the list of changes."
        )
        return redirect(f"{system_map.get_absolute_url()}#factors")
    links = factor.links_out.count() + factor.links_in.count()
    return render(
        request,
        "systemmaps/delete.html",
        {"system_map": system_map, "thing": f"the factor “{factor.label}”", "links": links},
    )


@login_required
def link_add(request: HttpRequest, map_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    form = LinkForm(request.POST or None, factors=system_map.factors.all(), initial={"strength": 1.0})
    if request.method == "POST" and form.is_valid():
        try:
            link = services.link_add(system_map=system_map, user=signed_in(request), **form.cleaned_data)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, f"Linked “{link.source}” to “{link.target}”.")
            return redirect(f"{system_map.get_absolute_url()}#links")
    context = {"system_map": system_map, "form": form, "title": "Add a link", "button": "Add the link"}
    return render(request, "systemmaps/form.html", context)


@login_required
def link_edit(request: HttpRequest, map_id: int, link_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    link = get_object_or_404(
        Link.objects.select_related("source", "target"), pk=link_id, system_map=system_map
    )
    form = LinkEditForm(
        request.POST or None,
        initial={"polarity": link.polarity, "delay": link.delay, "strength": link.strength},
    )
    if request.method == "POST" and form.is_valid():
        services.link_update(link=link, user=signed_in(request), **form.cleaned_data)
        messages.success(request, f"Saved the link from “{link.source}” to “{link.target}”.")
        return redirect(f"{system_map.get_absolute_url()}#links")
    context = {
        "system_map": system_map,
        "form": form,
        "title": f"Change the link from “{link.source}” to “{link.target}”",
        "button": "Save",
    }
    return render(request, "systemmaps/form.html", context)


@login_required
def link_delete(request: HttpRequest, map_id: int, link_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    link = get_object_or_404(
        Link.objects.select_related("source", "target"), pk=link_id, system_map=system_map
    )
    if request.method == "POST":
        services.link_delete(link=link, user=signed_in(request))
        messages.success(request, "Removed the link. You can undo this in the list of changes.")
        return redirect(f"{system_map.get_absolute_url()}#links")
    return render(
        request,
        "systemmaps/delete.html",
        {"system_map": system_map, "thing": f"the link from “{link.source}” to “{link.target}”", "links": 0},
    )


@login_required
def change_list(request: HttpRequest, map_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    changes = system_map.changes.select_related("user")[:500]
    return render(request, "systemmaps/changes.html", {"system_map": system_map, "changes": changes})


@login_required
@require_POST
def change_undo(request: HttpRequest, map_id: int, change_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    change = get_object_or_404(Change, pk=change_id, system_map=system_map)
    try:
        services.change_undo(change=change, user=signed_in(request))
    except services.UndoRefused as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"Undone: {change.summary}.")
    return redirect("systemmaps:changes", map_id=system_map.pk)


@login_required
def versions(request: HttpRequest, map_id: int) -> HttpResponse:
    """Saved versions of the map, a form to save one, and what changed from one version to another (or
    to the map as it is now): ?since=<version number>&until=<version number, or blank for now>."""
    system_map = _get_map_for_user(request, map_id)
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.map_version_save(
            system_map=system_map, user=signed_in(request), name=form.cleaned_data["name"]
        )
        messages.success(request, f"Saved version {version.number}: “{version.name}”.")
        return redirect("systemmaps:versions", map_id=system_map.pk)
    saved = list(versions_of(system_map))
    by_number = {v.number: v for v in saved}
    since = by_number.get(_number(request.GET.get("since")) or 0) or (saved[0] if saved else None)
    until = by_number.get(_number(request.GET.get("until")) or 0)
    diff = None
    if since is not None:
        before = version_to_engine(since)
        after = version_to_engine(until) if until is not None else system_map_to_engine(system_map)
        diff = diff_to_dict(before, after, map_diff(before, after))
    context = {
        "system_map": system_map,
        "form": form,
        "saved": saved,
        "since": since,
        "until": until,
        "diff": diff,
        "empty": diff is not None and not any(diff.values()),
    }
    return render(request, "systemmaps/versions.html", context)


def _number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


# --- files out ---------------------------------------------------------------------------------------------

EXPORTS = {
    "map.graphml": "application/graphml+xml",
    "kumu.json": "application/json",
    "factors.csv": "text/csv",
    "links.csv": "text/csv",
    "kumu-elements.csv": "text/csv",
    "kumu-connections.csv": "text/csv",
    "map.svg": "image/svg+xml",
    "map.png": "image/png",
    "analysis.json": "application/json",
}


@login_required
def export(request: HttpRequest, map_id: int, name: str) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    if name not in EXPORTS:
        raise Http404("No such export")
    cmap = system_map_to_engine(system_map)
    if name == "analysis.json":
        return _export_analysis(system_map, cmap)
    try:
        body = _export_body(cmap, name, system_map.title)
    except PictureUnavailable as err:
        return HttpResponse(str(err), status=501, content_type="text/plain")
    response = HttpResponse(body, content_type=EXPORTS[name])
    if name != "map.svg":
        response["Content-Disposition"] = f'attachment; filename="map-{system_map.pk}-{name}"'
    return response


def _export_body(cmap: Any, name: str, title: str) -> str | bytes:
    if name in ("factors.csv", "links.csv"):
        return file_formats.write_csv(cmap)[name == "links.csv"]
    if name in ("kumu-elements.csv", "kumu-connections.csv"):
        return file_formats.write_kumu_csv(cmap)[name == "kumu-connections.csv"]
    if name == "map.png":
        return render_png(render_svg(cmap, title=title))
    writers = {"map.graphml": file_formats.write_graphml, "kumu.json": file_formats.write_kumu_json}
    return render_svg(cmap, title=title) if name == "map.svg" else writers[name](cmap)


def _export_analysis(system_map: SystemMap, cmap: Any) -> HttpResponse:
    """The analysis the page shows, as JSON; a big map's only once its background analysis is current."""
    state = services.map_analysis_state(system_map=system_map, cmap=cmap)
    if state.report is None or not state.current:
        reason = state.failed or "The analysis of this map is still running. Try again in a minute."
        return HttpResponse(reason, status=409, content_type="text/plain")
    response = HttpResponse(
        json.dumps(state.report, ensure_ascii=False), content_type=EXPORTS["analysis.json"]
    )
    response["Content-Disposition"] = f'attachment; filename="map-{system_map.pk}-analysis.json"'
    return response


# --- the drawing editor (JavaScript) and its small JSON endpoints --------------------------------------


@login_required
def editor(request: HttpRequest, map_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    context = {
        "system_map": system_map,
        "owners": [*Owner.choices, ("", "Not known")],
        "perspectives": [*Perspective.choices, ("", "Not recorded (imported)")],
    }
    return render(request, "systemmaps/editor.html", context)
