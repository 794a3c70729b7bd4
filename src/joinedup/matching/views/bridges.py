"""Bridge builders and a place's network."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from joinedup.matching import selectors
from joinedup.matching.forms import (
    BridgeForm,
)
from joinedup.places.models import Place


@login_required
@require_GET
def bridges(request: HttpRequest) -> HttpResponse:
    form = BridgeForm(request.GET or None)
    found = None
    if form.is_valid():
        data = form.cleaned_data
        found = selectors.bridge_builders(
            user=request.user, place=data["place"], policy_area=data["policy_area"]
        )
    return render(request, "matching/bridges.html", {"form": form, "found": found})


@login_required
@require_GET
def network(request: HttpRequest, gss_code: str) -> HttpResponse:
    place = get_object_or_404(Place, gss_code=gss_code)
    result = selectors.place_network(user=request.user, place=place)
    return render(request, "matching/network.html", {"place": place, "network": result})
