"""Place pages: the list with search and filters, what is known of a place, and editing that knowledge."""

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from joinedup.core.panels import panels_for
from joinedup.places import selectors
from joinedup.places.forms import PlaceFilterForm, PlaceKnowledgeForm
from joinedup.places.models import Place
from joinedup.places.services import place_knowledge_get_or_new, place_knowledge_update

PAGE_SIZE = 50


def _get_place_for_user(user: AbstractBaseUser | AnonymousUser, gss_code: str) -> Place:
    """Places are public reference data, so any signed-in user may see one; 404 for an unknown code."""
    return selectors.place_get(gss_code=gss_code)


@login_required
@require_http_methods(["GET"])
def place_list(request: HttpRequest) -> HttpResponse:
    form = PlaceFilterForm(request.GET or None, choices=selectors.place_filter_choices())
    page = Paginator(selectors.place_search(**form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "places/list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@require_http_methods(["GET"])
def detail(request: HttpRequest, gss_code: str) -> HttpResponse:
    place = _get_place_for_user(request.user, gss_code)
    knowledge = place_knowledge_get_or_new(place=place)
    context = {
        "place": place,
        "knowledge": knowledge,
        "changes": selectors.place_knowledge_changes(knowledge=knowledge),
        "organisations": selectors.place_organisations(place=place),
        **selectors.place_neighbours(place=place),
        "places_like": selectors.places_like(place=place),
        # Who knows the place and the situations touching it come from the people and situations apps' panels.
        "panels": panels_for("place", place, request.user),
        "aside_panels": panels_for("place_aside", place, request.user),
    }
    return render(request, "places/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, gss_code: str) -> HttpResponse:
    place = _get_place_for_user(request.user, gss_code)
    knowledge = place_knowledge_get_or_new(place=place)
    form = PlaceKnowledgeForm(request.POST or None, instance=knowledge)
    if request.method == "POST" and form.is_valid():
        place_knowledge_update(knowledge=knowledge, user=request.user, changes=form.cleaned_data)
        messages.success(request, f"Saved what is known of {place.name}.")
        return redirect(place)
    return render(request, "places/edit.html", {"place": place, "form": form})
