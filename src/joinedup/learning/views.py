from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.accounts.actors import Actor, User, signed_in
from joinedup.learning import search, selectors, services
from joinedup.learning.forms import CommentForm, LessonForm, ReaderPlaceForm, SearchForm
from joinedup.learning.models import ContextFactor, EvidenceRating, Initiative, Lesson, LessonState


def _get_lesson_for_user(request: HttpRequest, ref: str) -> Lesson:
    """The one place that decides whether this user may see a lesson: 404 otherwise."""
    return selectors.lesson_get_for_user(user=request.user, ref=ref)


def _can_edit(user: Actor, lesson: Lesson) -> bool:
    if not isinstance(user, User):
        return False
    return bool(user.is_coordinator or lesson.authors.filter(pk=user.pk).exists())


@login_required
def library(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = None
    browse: list[Lesson] | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            **{
                k: data.get(k) or ""
                for k in (
                    "policy_area",
                    "place_type",
                    "region",
                    "evidence_strength",
                    "initiative",
                    "min_rating",
                )
            }
        )
        if data["q"].strip() or not filters.any():
            result = selectors.lesson_search(
                query=data["q"], mode=data["mode"] or "hybrid", filters=filters, limit=20
            )
        else:
            browse = list(selectors.lessons_browse(filters=filters))
    context = {
        "form": form,
        "result": result,
        "browse": browse,
        "latest": (
            Lesson.objects.filter(state=LessonState.PUBLISHED)[:10]
            if result is None and browse is None
            else []
        ),
        "unpublished": selectors.lessons_unpublished_for(request.user)[:20],
        "semantic_backend": search.semantic_backend_name(),
    }
    return render(request, "learning/library.html", context)


def _transferability(request: HttpRequest, lesson: Lesson) -> dict[str, Any]:
    form = ReaderPlaceForm(request.GET or None)
    picked = form.cleaned_data.get("place") if form.is_valid() else None
    reader = picked or selectors.reader_place(user=request.user)
    if reader is not None and not form.is_bound:
        form = ReaderPlaceForm(initial={"place": reader.gss_code})
    ticked = set(form.cleaned_data.get("factors", [])) if form.is_bound and form.is_valid() else set()
    # Once the reader has answered, an unticked factor counts as not true of their place.
    reader_factors = {f: f in ticked for f in ContextFactor.values} if "factors_given" in request.GET else {}
    rows = (
        selectors.lesson_transferability(lesson=lesson, reader=reader, reader_factors=reader_factors)
        if reader
        else []
    )
    return {"place_form": form, "reader": reader, "comparisons": rows}


@login_required
def lesson_detail(request: HttpRequest, ref: str) -> HttpResponse:
    lesson = _get_lesson_for_user(request, ref)
    moves = [
        s
        for s in LessonState.values
        if services.lesson_can_move(user=signed_in(request), lesson=lesson, to=s)
    ]
    context = {
        "lesson": lesson,
        "factors": lesson.factors.all(),
        "comments": lesson.comments.select_related("author"),
        "comment_form": CommentForm(),
        "moves": [(s, LessonState(s).label) for s in moves],
        "can_edit": _can_edit(request.user, lesson),
        "similar": selectors.similar_lessons(lesson=lesson),
        **_transferability(request, lesson),
    }
    return render(request, "learning/lesson_detail.html", context)


def _save_form(request: HttpRequest, form: LessonForm, lesson: Lesson | None) -> Lesson:
    data = {
        k: v
        for k, v in form.cleaned_data.items()
        if k not in ("places", "policy_areas") and not k.startswith("factors")
    }
    places, areas = form.cleaned_data["places"], form.cleaned_data["policy_areas"]
    if lesson is None:
        return services.lesson_create(
            authors=[request.user], places=places, policy_areas=areas, factors=form.factors(), **data
        )
    return services.lesson_update(
        lesson=lesson, fields=data, places=places, policy_areas=areas, factors=form.factors()
    )


@login_required
def lesson_new(request: HttpRequest) -> HttpResponse:
    initial = {"situation": request.GET.get("situation")} if request.GET.get("situation") else None
    form = LessonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        lesson = _save_form(request, form, None)
        # Alike in shape to spending.views.count_new/count_detail: short views of one shape (save, message,
        # redirect; door then render), each with its own model, message and template.
        messages.success(request, "Your lesson is saved as a draft. Only you and coordinators can see it.")
        return redirect(lesson)
    return render(request, "learning/lesson_form.html", {"form": form, "lesson": None})


@login_required
def lesson_edit(request: HttpRequest, ref: str) -> HttpResponse:
    lesson = _get_lesson_for_user(request, ref)
    if not _can_edit(request.user, lesson):
        raise Http404("No such lesson")
    form = LessonForm(request.POST or None, instance=lesson, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save_form(request, form, lesson)
        messages.success(request, "Lesson saved.")
        return redirect(lesson)
    return render(request, "learning/lesson_form.html", {"form": form, "lesson": lesson})


@login_required
@require_POST
def lesson_state(request: HttpRequest, ref: str) -> HttpResponse:
    lesson = _get_lesson_for_user(request, ref)
    try:
        services.lesson_set_state(lesson=lesson, to=request.POST.get("to", ""), by=signed_in(request))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, str(error.args[0] if error.args else error))
        return redirect(lesson)
    messages.success(request, f"The lesson is now {lesson.get_state_display().lower()}.")
    return redirect(lesson)


@login_required
@require_POST
def lesson_comment(request: HttpRequest, ref: str) -> HttpResponse:
    lesson = _get_lesson_for_user(request, ref)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.lesson_comment_add(lesson=lesson, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Comment added.")
    else:
        messages.error(request, "Write a comment before sending it.")
    return redirect(lesson)


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/initiative_list.html", {"initiatives": selectors.initiatives_all()})


@login_required
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.prefetch_related("places", "sponsors"), slug=slug)
    lessons = initiative.lessons.filter(state=LessonState.PUBLISHED)
    return render(request, "learning/initiative_detail.html", {"initiative": initiative, "lessons": lessons})


@login_required
def evidence(request: HttpRequest) -> HttpResponse:
    """What each level of evidence strength means, with how many published lessons sit at each."""
    counts = selectors.lessons_by_rating()
    levels = [(value, label, counts.get(value, 0)) for value, label in EvidenceRating.choices]
    return render(request, "learning/evidence.html", {"levels": levels, "unrated": counts.get(None, 0)})
