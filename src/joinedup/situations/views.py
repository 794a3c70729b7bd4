from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def situation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "situations/list.html", {})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    return render(request, "situations/list.html", {})


@login_required
def detail(request: HttpRequest, situation_id: int) -> HttpResponse:
    return render(request, "situations/list.html", {})
