from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from joinedup.jobs.models import Job


def _get_job_for_user(request: HttpRequest, job_id: int) -> Job:
    """A job is seen by whoever started it, and by coordinators."""
    job = get_object_or_404(Job, pk=job_id)
    user = request.user
    if job.owner_id != user.pk and not getattr(user, "is_coordinator", False):
        raise Http404("No such job")
    return job


@login_required
def detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _get_job_for_user(request, job_id)
    next_url = (job.result or {}).get("next_url") if job.is_finished else None
    return render(request, "jobs/detail.html", {"job": job, "next_url": next_url})


@login_required
def status(request: HttpRequest, job_id: int) -> JsonResponse:
    job = _get_job_for_user(request, job_id)
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "progress": job.progress,
            "message": job.message,
            "error": job.error,
            "finished": job.is_finished,
        }
    )
