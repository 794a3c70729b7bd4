"""System map pages. Every view reaches its map or situation through one helper that checks membership."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.situations.models import Perspective, Situation
from joinedup.situations.selectors import situation_get_for_user
from joinedup.systemmaps import services
from joinedup.systemmaps.analysis import page_analysis, page_what_if
from joinedup.systemmaps.compute import MapError, PictureUnavailable, analysis_to_dict, render_png, render_svg
from joinedup.systemmaps.compute import formats as file_formats
from joinedup.systemmaps.forms import (
    FactorForm,
    ImportForm,
    LinkEditForm,
    LinkForm,
    SystemMapForm,
    WhatIfForm,
)
from joinedup.systemmaps.models import GROUND_PERSPECTIVES, Change, Factor, Link, SystemMap
from joinedup.systemmaps.selectors import factors_of, links_of, system_map_get_for_user, system_map_to_engine


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
        system_map = services.system_map_create(situation=situation, user=request.user, **form.cleaned_data)
        messages.success(request, f"The map “{system_map.title}” was created.")
        return redirect(system_map)
    maps = situation.system_maps.all()
    return render(request, "systemmaps/list.html", {"situation": situation, "maps": maps, "form": form})


@login_required
def map_import(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            cmap = _read_upload(form.cleaned_data)
            system_map = services.system_map_import(
                situation=situation, user=request.user, title=form.cleaned_data["title"], cmap=cmap
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


def _read_upload(data: dict[str, Any]) -> Any:
    first = data["file"].read()
    name = data["file"].name
    if data["format"] == "graphml":
        return file_formats.read_graphml(first, name=name)
    if data["format"] == "kumu-json":
        return file_formats.read_kumu_json(first, name=name)
    second, names = data["second_file"].read(), (name, data["second_file"].name)
    if data["format"] == "csv":
        return file_formats.read_csv(first, second, names=names)
    return file_formats.read_kumu_csv(first, second, names=names)


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


@login_required
def detail(request: HttpRequest, map_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    cmap = system_map_to_engine(system_map)
    choice = request.GET.get("contributed", "")
    analysis = page_analysis(cmap)
    labels = {f.id: f.label for f in cmap.factors}
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
        "factors": _filtered(factors_of(system_map), choice),
        "links": _filtered(links_of(system_map), choice),
        "filters": [(key, name) for key, (name, _) in CONTRIBUTION_FILTERS.items()],
        "choice": choice if choice in CONTRIBUTION_FILTERS else "",
        "analysis": analysis,
        "leverage": [(labels[item.factor], item) for item in analysis.result.leverage],
        "boundary": [(labels[b.source], labels[b.target], b) for b in analysis.result.boundary],
        "reach": [
            (labels[r.factor], " → ".join(labels[f] for f in r.path), len(r.loops))
            for r in analysis.result.reach.reached
        ],
        "central": [labels[f] for f in analysis.result.reach.central],
        "what_if_form": what_if_form,
        "effects": effects,
    }
    return render(request, "systemmaps/detail.html", context)


@login_required
def factor_add(request: HttpRequest, map_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    form = FactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        factor = services.factor_add(system_map=system_map, user=request.user, **form.cleaned_data)
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
        services.factor_update(factor=factor, user=request.user, **form.cleaned_data)
        messages.success(request, f"Saved the factor “{factor.label}”.")
        return redirect(f"{system_map.get_absolute_url()}#factors")
    context = {"system_map": system_map, "form": form, "title": f"Change “{factor.label}”", "button": "Save"}
    return render(request, "systemmaps/form.html", context)


@login_required
def factor_delete(request: HttpRequest, map_id: int, factor_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    factor = get_object_or_404(Factor, pk=factor_id, system_map=system_map)
    if request.method == "POST":
        services.factor_delete(factor=factor, user=request.user)
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
            link = services.link_add(system_map=system_map, user=request.user, **form.cleaned_data)
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
        services.link_update(link=link, user=request.user, **form.cleaned_data)
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
        services.link_delete(link=link, user=request.user)
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
        services.change_undo(change=change, user=request.user)
    except services.UndoRefused as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"Undone: {change.summary}.")
    return redirect("systemmaps:changes", map_id=system_map.pk)


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
    if name == "analysis.json":
        return json.dumps(analysis_to_dict(cmap, page_analysis(cmap).result), ensure_ascii=False)
    writers = {"map.graphml": file_formats.write_graphml, "kumu.json": file_formats.write_kumu_json}
    return render_svg(cmap, title=title) if name == "map.svg" else writers[name](cmap)


# --- the drawing editor (JavaScript) and its small JSON endpoints --------------------------------------


@login_required
def editor(request: HttpRequest, map_id: int) -> HttpResponse:
    system_map = _get_map_for_user(request, map_id)
    return render(request, "systemmaps/editor.html", {"system_map": system_map})
