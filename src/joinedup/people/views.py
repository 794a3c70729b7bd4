from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "people/directory.html", {})


@login_required
def edit(request: HttpRequest) -> HttpResponse:
    return render(request, "people/directory.html", {})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "people/directory.html", {})


@login_required
def detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    return render(request, "people/directory.html", {})
