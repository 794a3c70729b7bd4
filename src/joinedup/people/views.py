"""The people directory, profile pages, editing your own profile, and your data (export and erasure)."""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from joinedup.accounts.actors import Actor, User, signed_in
from joinedup.people.forms import CareerFormSet, DirectoryFilterForm, EraseConfirmForm, ProfileForm
from joinedup.people.models import Profile
from joinedup.people.selectors import profile_data_export, profile_directory_ranked, profiles_visible_to
from joinedup.people.services import (
    CareerItem,
    profile_create,
    profile_update,
    profile_update_career,
    user_erase,
)

PAGE_SIZE = 25


def _page_of_people(people: QuerySet[Profile], number: str | None) -> tuple[Page[Profile], list[Profile]]:
    """A page of the directory: a count of every match, then the page's 25 profiles in the search's order.

    Every page can be reached (the count reads the index's matches or the filtered rows, not the profiles'
    text); bench/directory.py measures both at 100,000 people.
    """
    page = Paginator(people, PAGE_SIZE).get_page(number)
    profiles = list(page.object_list)
    prefetch_related_objects(profiles, "policy_areas")
    return page, profiles


def _get_profile_for_user(user: Actor, profile_id: int) -> Profile:
    """The one place that decides whether this user may see this profile: 404 when not."""
    qs = profiles_visible_to(user).select_related("user", "organisation")
    return get_object_or_404(qs, pk=profile_id)


def _own_profile(user: Actor) -> Profile | None:
    if not isinstance(user, User):
        return None
    return Profile.objects.filter(user=user).select_related("organisation").first()


def profile_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in people without a profile are sent to create one first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not Profile.objects.filter(user=signed_in(request)).exists():
            messages.info(request, "Tell us about yourself first: create your profile.")
            return redirect("people:edit")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@profile_required
@require_http_methods(["GET"])
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    results = profile_directory_ranked(user=request.user, filters=form.filters())
    page, profiles = _page_of_people(results.people, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "profiles": profiles,
        "results": results,
        "query": query.urlencode(),
    }
    return render(request, "people/directory.html", context)


@profile_required
@require_http_methods(["GET"])
def detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = _get_profile_for_user(request.user, profile_id)
    context = {
        "profile": profile,
        "places": profile.places.all(),
        "policy_areas": profile.policy_areas.all(),
        "career": profile.career.all(),
        "is_me": profile.user_id == request.user.pk,
    }
    return render(request, "people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    profile = _own_profile(user) or Profile(user=user)
    initial = {"name": user.get_full_name()}
    form = ProfileForm(request.POST or None, instance=profile, initial=initial)
    formset = CareerFormSet(request.POST or None, instance=profile, prefix="career")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = _save_profile(request.user, profile, form, formset)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile has been saved.")
            return redirect(saved)
    context = {"form": form, "formset": formset, "creating": profile.pk is None}
    return render(request, "people/edit.html", context)


def _save_profile(user: Actor, profile: Profile, form: ProfileForm, formset: Any) -> Profile:
    data = form.cleaned_data
    fields = {
        k: data[k] for k in ("organisation", "sector", "job_title", "level", "offers", "seeks", "visibility")
    }
    career = [_career_item(f.cleaned_data) for f in formset.forms if _keeps(f)]
    with transaction.atomic():
        if profile.pk is None:
            profile = profile_create(user=user, **fields)
        profile = profile_update(
            profile=profile,
            name=data["name"],
            places=data["places_text"],
            policy_areas=data["policy_areas"],
            **fields,
        )
        return profile_update_career(profile=profile, entries=career)


def _keeps(form: Any) -> bool:
    return bool(form.cleaned_data) and not form.cleaned_data.get("DELETE")


def _career_item(data: dict[str, Any]) -> CareerItem:
    return CareerItem(
        organisation_name=data["organisation_name"],
        sector=data["sector"],
        role=data["role"],
        start_year=data["start_year"],
        end_year=data.get("end_year"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    if request.GET.get("download") == "json":
        return _download(request)
    if request.method == "GET":
        return render(request, "people/my_data.html", {})
    form = EraseConfirmForm(request.POST if "confirm-step" in request.POST else None)
    if form.is_bound and form.is_valid():
        user = signed_in(request)
        logout(request)
        user_erase(user=user)
        messages.success(request, "Your data has been erased and your account closed.")
        return redirect("core:home")
    return render(request, "people/erase_confirm.html", {"form": form})


def _download(request: HttpRequest) -> HttpResponse:
    body = json.dumps(profile_data_export(user=signed_in(request)), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="joinedup-my-data.json"'
    return response
