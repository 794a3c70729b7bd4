from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from joinedup.places.models import Place


@login_required
def place_list(request: HttpRequest) -> HttpResponse:
    return render(request, "places/list.html", {"places": Place.objects.filter(is_current=True)})


@login_required
def detail(request: HttpRequest, gss_code: str) -> HttpResponse:
    place = get_object_or_404(Place, gss_code=gss_code)
    return render(request, "places/detail.html", {"place": place})
