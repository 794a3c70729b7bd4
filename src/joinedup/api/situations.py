"""Situations: the caller's own, readable by members only (404 to anyone else, so none is revealed)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError

from joinedup.accounts.actors import Actor, signed_in
from joinedup.api.schemas import DETAIL_ERRORS, READ_ERRORS, ErrorOut, PlaceRef, ValidationErrorOut
from joinedup.people.models import PolicyArea
from joinedup.places.models import Place
from joinedup.situations import services
from joinedup.situations.models import MemberRole, Membership, Perspective, Situation, SituationStatus
from joinedup.situations.selectors import situation_get_for_user, situations_of

router = Router(tags=["situations"])


class MemberOut(Schema):
    name: str
    perspective: Perspective
    role: MemberRole

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.user.name


class SituationOut(Schema):
    id: int
    title: str
    framing: str
    status: SituationStatus
    places: list[PlaceRef]
    policy_areas: list[str]
    members: list[MemberOut]
    created_at: datetime

    @staticmethod
    def resolve_places(obj: Situation) -> list[Place]:
        return list(obj.places.all())

    @staticmethod
    def resolve_policy_areas(obj: Situation) -> list[str]:
        return [a.slug for a in obj.policy_areas.all()]

    @staticmethod
    def resolve_members(obj: Situation) -> list[Membership]:
        return list(obj.memberships.all())


class SituationIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    framing: str = Field(min_length=1)
    perspective: Perspective = Field(description="The perspective you bring; you become the convener")
    status: SituationStatus = SituationStatus.FORMING
    places: list[str] = Field(default_factory=list, description="GSS codes")
    policy_areas: list[str] = Field(default_factory=list, description="Policy area slugs")


def _situations(user: Actor) -> QuerySet[Situation]:
    return situations_of(user).prefetch_related("places", "policy_areas", "memberships__user")


def _lookup(model: Any, key: str, values: list[str], field: str, noun: str) -> list[Any]:
    """The objects for these keys, or a 422 naming every key that matched nothing."""
    keys = [v.upper() if key == "gss_code" else v for v in values]
    found = {getattr(o, key): o for o in model.objects.filter(**{f"{key}__in": keys})}
    missing = [
        {"loc": ["body", "payload", field, i], "msg": f"No {noun} {k}", "type": "value_error"}
        for i, k in enumerate(keys)
        if k not in found
    ]
    if missing:
        raise ValidationError(missing)
    return [found[k] for k in dict.fromkeys(keys)]


@router.get("/", response={200: list[SituationOut], **READ_ERRORS}, summary="Your situations")
def situation_list(request: HttpRequest) -> Any:
    return _situations(request.user)


@router.get(
    "/{situation_id}", response={200: SituationOut, **DETAIL_ERRORS}, summary="One situation you are in"
)
def situation_detail(request: HttpRequest, situation_id: int) -> Situation:
    situation = situation_get_for_user(user=request.user, situation_id=situation_id)
    return _situations_for_output(situation)


def _situations_for_output(situation: Situation) -> Situation:
    return Situation.objects.prefetch_related("places", "policy_areas", "memberships__user").get(
        pk=situation.pk
    )


@router.post(
    "/",
    response={201: SituationOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
    summary="Start a situation (you become its convener)",
)
def situation_create(request: HttpRequest, payload: SituationIn) -> Status[Situation]:
    places = _lookup(Place, "gss_code", payload.places, "places", "place has the GSS code")
    areas = _lookup(PolicyArea, "slug", payload.policy_areas, "policy_areas", "policy area has the slug")
    try:
        situation = services.situation_create(
            created_by=signed_in(request),
            title=payload.title,
            framing=payload.framing,
            perspective=payload.perspective,
            status=payload.status,
            places=places,
            policy_areas=areas,
        )
    except DjangoValidationError as exc:
        raise ValidationError(
            [
                {"loc": ["body", "payload", f], "msg": m, "type": "value_error"}
                for f, ms in exc.message_dict.items()
                for m in ms
            ]
        ) from exc
    return Status(201, _situations_for_output(situation))
