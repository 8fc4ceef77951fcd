"""The jobs pages: recent jobs, one job with a progress bar that follows it (polling the
small JSON view `progress`), and starting a fraud scoring run. County-wide staff holding
`jobs.view_job` see them (registry.scope: jobs span the county); starting one needs
`jobs.add_job` (administrators)."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jobs import services
from jobs.forms import ScoreForm
from jobs.models import Job
from registry.scope import get_object_or_deny, restrict

RECENT = 50


def _visible_job(request, pk: int) -> Job:
    if not request.user.has_perm("jobs.view_job"):
        raise PermissionDenied
    return get_object_or_deny(Job.objects.select_related("created_by"), request.user, pk=pk)


@login_required
def job_list(request):
    if not request.user.has_perm("jobs.view_job"):
        raise PermissionDenied
    jobs = restrict(Job.objects.select_related("created_by"), request.user)[:RECENT]
    return render(request, "jobs/job_list.html", {
        "jobs": jobs, "form": ScoreForm(), "may_start": request.user.has_perm("jobs.add_job")})


@login_required
def job_detail(request, pk: int):
    """One job; an import's or upload's page reloads when the job ends, to show its report."""
    job = _visible_job(request, pk)
    return render(request, "jobs/job_detail.html", {
        "job": job, "import_runs": services.import_runs(job),
        "has_report": job.kind in services.REPORTED})


@login_required
def progress(request, pk: int):
    return JsonResponse(services.progress(_visible_job(request, pk)))


@login_required
@require_POST
def start_scoring(request):
    if not request.user.has_perm("jobs.add_job"):
        raise PermissionDenied
    form = ScoreForm(request.POST)
    if not form.is_valid():
        jobs = restrict(Job.objects.select_related("created_by"), request.user)[:RECENT]
        return render(request, "jobs/job_list.html", {"jobs": jobs, "form": form,
                                                      "may_start": True}, status=400)
    job = services.start("score", {"years": [form.cleaned_data["year"]]}, request.user)
    return redirect("jobs:detail", pk=job.pk)
