"""Small JSON endpoints behind the drawing editor: each change is saved the moment it is made.

Input is validated by pydantic models; errors come back as 400 with a message per field. CSRF applies as
for any POST (the editor sends the token in the X-CSRFToken header).

Two people editing at once: every response carries the map's `revision`, and the editor sends back the one
it has in the X-Map-Revision header. If someone else changed the map since, the change is refused with 409
and a message naming who ("Sam Smith changed this map; reload to see their change"), never applied over it.
"""

import json
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any, Literal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from pydantic import BaseModel, Field
from pydantic import ValidationError as InputError

from joinedup.accounts.actors import signed_in
from joinedup.systemmaps import services
from joinedup.systemmaps.analysis import report_compute
from joinedup.systemmaps.compute import CausalMap, layout, simulate, simulation_to_dict
from joinedup.systemmaps.limits import analysed_inline
from joinedup.systemmaps.models import Change, ChangeAction, Factor, Link, SystemMap
from joinedup.systemmaps.selectors import system_map_get_for_user, system_map_to_engine

# A laid-out map spans about this many drawing units per √factor: a small map then fits the editor near
# zoom 1, where its labels are full size; a big one is zoomed out to fit, and zooms in to read.
LAYOUT_UNITS_PER_ROOT_FACTOR = 170.0
# The editor lights up loops one at a time from a list: the first few hundred are enough to choose from.
LOOPS_SENT = 300
LEVERAGE_SENT = 10
Owner = Literal["", "central", "local", "community", "other"]


class FactorIn(BaseModel):
    label: str = Field(min_length=1, max_length=200)
    owner: Owner = ""
    organisation: str = Field("", max_length=200)
    x: float | None = None
    y: float | None = None


class FactorPatch(BaseModel):
    label: str | None = Field(None, min_length=1, max_length=200)
    owner: Owner | None = None
    organisation: str | None = Field(None, max_length=200)
    x: float | None = None
    y: float | None = None


class LinkIn(BaseModel):
    source: int
    target: int
    polarity: Literal["+", "-", "?"]
    delay: bool = False
    strength: float = Field(1.0, gt=0, le=100)


class LinkPatch(BaseModel):
    polarity: Literal["+", "-", "?"] | None = None
    delay: bool | None = None
    strength: float | None = Field(None, gt=0, le=100)


def _get_map_for_user(request: HttpRequest, map_id: int) -> SystemMap:
    return system_map_get_for_user(user=request.user, map_id=map_id)


def _revision(system_map: SystemMap) -> int:
    return int(SystemMap.objects.values_list("revision", flat=True).get(pk=system_map.pk))


def _conflict(request: HttpRequest, system_map: SystemMap) -> JsonResponse | None:
    """409 if the map changed since the editor read it (call inside a transaction: the row is locked, so
    the check and the change that follows it are one step)."""
    sent = request.headers.get("X-Map-Revision", "")
    if not sent.isdigit():
        return None
    current = SystemMap.objects.select_for_update().values_list("revision", flat=True).get(pk=system_map.pk)
    if int(sent) == current:
        return None
    last = Change.objects.filter(system_map=system_map).select_related("user").first()
    who = str(last.user) if last is not None and last.user is not None else "Someone"
    if last is not None and last.user_id == request.user.pk:
        who = "You (in another window)"
    return JsonResponse(
        {
            "errors": {"__all__": f"{who} changed this map since you loaded it; reload to see the change."},
            "conflict": True,
            "revision": current,
        },
        status=409,
    )


def _guarded(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    """Refuse a change to a map that changed since the editor read it; tell the editor the new revision."""

    @wraps(view)
    def guarded(request: HttpRequest, map_id: int, **kwargs: Any) -> JsonResponse:
        system_map = _get_map_for_user(request, map_id)
        conflict = _conflict(request, system_map)
        if conflict is not None:
            return conflict
        return _with_revision(view(request, map_id, **kwargs), system_map)

    return guarded


def _with_revision(response: JsonResponse, system_map: SystemMap) -> JsonResponse:
    if response.status_code < 300:
        data = json.loads(response.content)
        data["revision"] = _revision(system_map)
        return JsonResponse(data, status=response.status_code)
    return response


def _bad(errors: dict[str, str], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def _parse(request: HttpRequest, model: type[BaseModel]) -> tuple[Any, JsonResponse | None]:
    try:
        return model.model_validate_json(request.body or b"{}"), None
    except InputError as err:
        errors = {".".join(str(p) for p in e["loc"]) or "body": e["msg"] for e in err.errors()}
        return None, _bad(errors)


def factor_json(factor: Factor) -> dict[str, Any]:
    return {
        "id": factor.pk,
        "key": factor.key,
        "label": factor.label,
        "owner": factor.owner,
        "organisation": factor.organisation,
        "x": factor.x,
        "y": factor.y,
        "perspective": factor.perspective,
        "ground": factor.from_the_ground,
    }


# Alike in shape to services.maps._link_snapshot, but not the same record: this is what the editor reads, that
# is what undo history stores (every LINK_FIELDS and added_by); they change for different reasons.
def link_json(link: Link) -> dict[str, Any]:
    return {
        "id": link.pk,
        "source": link.source_id,
        "target": link.target_id,
        "polarity": link.polarity,
        "delay": link.delay,
        "strength": link.strength,
        "perspective": link.perspective,
        "ground": link.from_the_ground,
    }


@login_required
@require_GET
def map_data(request: HttpRequest, map_id: int) -> JsonResponse:
    system_map = _get_map_for_user(request, map_id)
    factors = list(system_map.factors.all())
    positions = _positions(system_map, factors)
    return JsonResponse(
        {
            "title": system_map.title,
            "factors": [factor_json(f) | positions.get(f.pk, {}) for f in factors],
            "links": [link_json(lk) for lk in system_map.links.all()],
            "revision": system_map.revision,
            "urls": {
                "factors": reverse("systemmaps:data-factors", args=[map_id]),
                "links": reverse("systemmaps:data-links", args=[map_id]),
                "undo": reverse("systemmaps:data-undo", args=[map_id]),
                "redo": reverse("systemmaps:data-redo", args=[map_id]),
                "analysis": reverse("systemmaps:data-analysis", args=[map_id]),
                "simulate": reverse("systemmaps:data-simulate", args=[map_id]),
                "tidy": reverse("systemmaps:data-tidy", args=[map_id]),
            },
        }
    )


def _positions(
    system_map: SystemMap, factors: list[Factor], *, every: bool = False
) -> dict[int, dict[str, float]]:
    """Where to draw factors that have never been placed (or, with `every`, all of them): the same seeded
    layout as the SVG picture."""
    if not factors or (not every and all(f.x is not None and f.y is not None for f in factors)):
        return {}
    cmap = system_map_to_engine(system_map)
    if every:
        cmap = CausalMap(tuple(replace(f, x=None, y=None) for f in cmap.factors), cmap.links)
    laid_out = layout(cmap)
    xs, ys = [p[0] for p in laid_out.values()], [p[1] for p in laid_out.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    size = max(300.0, LAYOUT_UNITS_PER_ROOT_FACTOR * len(factors) ** 0.5)
    unplaced = {f.key: f.pk for f in factors if every or f.x is None or f.y is None}
    return {
        unplaced[key]: {"x": (x - min(xs)) / span * size, "y": (y - min(ys)) / span * size}
        for key, (x, y) in laid_out.items()
        if key in unplaced
    }


def _saved(
    call: Callable[[], Any], to_json: Callable[[Any], dict[str, Any]], status: int = 200
) -> JsonResponse:
    try:
        return JsonResponse(to_json(call()), status=status)
    except ValidationError as err:
        if hasattr(err, "error_dict"):
            return _bad({field: " ".join(msgs) for field, msgs in err.message_dict.items()})
        return _bad({"__all__": " ".join(err.messages)})


@login_required
@require_POST
@transaction.atomic
@_guarded
def factor_create(request: HttpRequest, map_id: int) -> JsonResponse:
    system_map = _get_map_for_user(request, map_id)
    data, error = _parse(request, FactorIn)
    if error:
        return error
    return _saved(
        lambda: services.factor_add(system_map=system_map, user=signed_in(request), **data.model_dump()),
        factor_json,
        201,
    )


@login_required
@require_POST
@transaction.atomic
@_guarded
def factor_change(request: HttpRequest, map_id: int, factor_id: int) -> JsonResponse:
    system_map = _get_map_for_user(request, map_id)
    factor = get_object_or_404(Factor, pk=factor_id, system_map=system_map)
    data, error = _parse(request, FactorPatch)
    if error:
        return error
    fields = data.model_dump(exclude_none=True)
    position = {k: fields.pop(k) for k in ("x", "y") if k in fields}
    if position:
        services.factor_move(
            factor=factor, x=position.get("x", factor.x or 0.0), y=position.get("y", factor.y or 0.0)
        )
    if not fields:
        return JsonResponse(factor_json(factor))
    return _saved(
        lambda: services.factor_update(factor=factor, user=signed_in(request), **fields), factor_json
    )


# The editor's JSON endpoints (factor_remove here, link_remove, undo_last and the rest below) repeat one
# decorator stack and the map door on purpose: each is its own URL with its own object and service, and a
# factory building them would hide which checks a given endpoint applies.
@login_required
@require_POST
@transaction.atomic
@_guarded
def factor_remove(request: HttpRequest, map_id: int, factor_id: int) -> JsonResponse:
    system_map = _get_map_for_user(request, map_id)
    factor = get_object_or_404(Factor, pk=factor_id, system_map=system_map)
    services.factor_delete(factor=factor, user=signed_in(request))
    return JsonResponse({"removed": factor_id})


@login_required
@require_POST
@transaction.atomic
@_guarded
def link_create(request: HttpRequest, map_id: int) -> JsonResponse:
    system_map = _get_map_for_user(request, map_id)
    data, error = _parse(request, LinkIn)
    if error:
        return error
    factors = {f.pk: f for f in system_map.factors.filter(pk__in=[data.source, data.target])}
    missing = {
        k: "No such factor on this map" for k in ("source", "target") if getattr(data, k) not in factors
    }
    if missing:
        return _bad(missing)
    fields = data.model_dump(exclude={"source", "target"})
    return _saved(
        lambda: services.link_add(
            system_map=system_map,
            user=signed_in(request),
            source=factors[data.source],
            target=factors[data.target],
            **fields,
        ),
        link_json,
        201,
    )


@login_required
@require_POST
@transaction.atomic
@_guarded
def link_change(request: HttpRequest, map_id: int, link_id: int) -> JsonResponse:
    system_map = _get_map_for_user(request, map_id)
    link = get_object_or_404(Link, pk=link_id, system_map=system_map)
    data, error = _parse(request, LinkPatch)
    if error:
        return error
    return _saved(
        lambda: services.link_update(
            link=link, user=signed_in(request), **data.model_dump(exclude_none=True)
        ),
        link_json,
    )


# Same four steps as factor_remove above (door, object in this map, service, JSON): two kinds of object, kept
# as two small endpoints.
@login_required
@require_POST
@transaction.atomic
@_guarded
def link_remove(request: HttpRequest, map_id: int, link_id: int) -> JsonResponse:
    system_map = _get_map_for_user(request, map_id)
    link = get_object_or_404(Link, pk=link_id, system_map=system_map)
    services.link_delete(link=link, user=signed_in(request))
    return JsonResponse({"removed": link_id})


@login_required
@require_POST
@transaction.atomic
@_guarded
def undo_last(request: HttpRequest, map_id: int) -> JsonResponse:
    """Undo this person's latest change that can still be undone (the editor's Undo button)."""
    system_map = _get_map_for_user(request, map_id)
    change = (
        Change.objects.filter(system_map=system_map, user_id=int(request.user.pk or 0), undone_at=None)
        .exclude(action__in=["import", "undo", "redo"])
        .first()
    )
    if change is None:
        return _bad({"__all__": "You have no change on this map to undo."}, status=409)
    try:
        services.change_undo(change=change, user=signed_in(request))
    except services.UndoRefused as err:
        return _bad({"__all__": str(err)}, status=409)
    return JsonResponse({"undone": change.summary})


@login_required
@require_POST
@transaction.atomic
@_guarded
def redo_last(request: HttpRequest, map_id: int) -> JsonResponse:
    """Redo this person's latest undo, if nothing else of theirs has changed since (the editor's Redo)."""
    system_map = _get_map_for_user(request, map_id)
    change = Change.objects.filter(
        system_map=system_map, user_id=int(request.user.pk or 0), action=ChangeAction.UNDO, undone_at=None
    ).first()
    if change is None:
        return _bad({"__all__": "There is nothing to redo."}, status=409)
    try:
        services.change_redo(change=change, user=signed_in(request))
    except services.UndoRefused as err:
        return _bad({"__all__": str(err)}, status=409)
    return JsonResponse({"redone": change.summary.removeprefix("undid: ")})


@login_required
@require_GET
def map_analysis(request: HttpRequest, map_id: int) -> JsonResponse:
    """Loops (with their factors, in order), leverage and cross-boundary links, for the editor to light up.

    A small map is analysed here (as its page does); a big one gets its last stored report, if any."""
    system_map = _get_map_for_user(request, map_id)
    cmap = system_map_to_engine(system_map)
    if analysed_inline(len(cmap.factors), len(cmap.links)):
        report: dict[str, Any] | None = report_compute(cmap)
    else:
        stored = getattr(system_map, "analysis", None)
        report = stored.report if stored is not None else None
    if report is None:
        return JsonResponse({"ready": False})
    pk_of = dict(system_map.factors.values_list("key", "pk"))
    loops = [
        {
            "name": f"{'R' if lp['type'] == 'reinforcing' else 'B' if lp['type'] == 'balancing' else '?'}{i + 1}",
            "type": lp["type"],
            "type_words": lp.get("type_words", lp["type"]),
            "story": lp["story"],
            "factors": [pk_of[k] for k in lp["factors"] if k in pk_of],
        }
        for i, lp in enumerate(report["loops"][:LOOPS_SENT])
    ]
    return JsonResponse(
        {
            "ready": True,
            "summary": report["loop_search"]["summary"],
            "self_links_note": report["loop_search"].get("self_links_note"),
            "loops": loops,
            "loop_count": len(report["loops"]),
            "leverage": [
                {"factor": pk_of[item["factor"]], "score": item["score"], "why": item["why"]}
                for item in report["leverage"][:LEVERAGE_SENT]
                if item["factor"] in pk_of
            ],
            "boundary": [
                [pk_of[b["source"]], pk_of[b["target"]]]
                for b in report["cross_boundary_links"]
                if b["source"] in pk_of and b["target"] in pk_of
            ],
        }
    )


@login_required
@require_POST
@transaction.atomic
@_guarded
def layout_tidy(request: HttpRequest, map_id: int) -> JsonResponse:
    """Lay the whole map out again (the picture's seeded layout) and keep the new positions."""
    system_map = _get_map_for_user(request, map_id)
    factors = list(system_map.factors.all())
    positions = _positions(system_map, factors, every=True)
    for factor in factors:
        if factor.pk in positions:
            services.factor_move(factor=factor, x=positions[factor.pk]["x"], y=positions[factor.pk]["y"])
    return JsonResponse({"positions": {str(pk): xy for pk, xy in positions.items()}})


class SimulateIn(BaseModel):
    factor: int
    direction: Literal["up", "down"] = "up"
    steps: int = Field(20, ge=1, le=60)


@login_required
@require_POST
def map_simulate(request: HttpRequest, map_id: int) -> JsonResponse:
    """A what-if run to animate: nudge one factor up or down (changes nothing, so no revision check)."""
    system_map = _get_map_for_user(request, map_id)
    data, error = _parse(request, SimulateIn)
    if error:
        return error
    key = system_map.factors.filter(pk=data.factor).values_list("key", flat=True).first()
    if key is None:
        return _bad({"factor": "No such factor on this map"})
    cmap = system_map_to_engine(system_map)
    run = simulate(cmap, {key: 1.0 if data.direction == "up" else -1.0}, steps=data.steps)
    result = simulation_to_dict(cmap, run)
    pk_of = dict(system_map.factors.values_list("key", "pk"))
    link_pk = {
        f"{src}>{dst}": pk
        for pk, src, dst in system_map.links.values_list("pk", "source__key", "target__key")
    }
    result["factors"] = [pk_of[k] for k in result["factors"]]
    result["unclear"] = [pk_of[k] for k in result["unclear"]]
    for step in result["steps"]:
        step["fired"] = [[link_pk[name], amount] for name, amount in step["fired"]]
    return JsonResponse(result)
