"""The jobs pages: the jobs (filtered, sorted, paged and exported like every list,
claimdesk.tables), one job with a progress bar that follows it (polling the small JSON view
`progress`), and starting a fraud scoring run. County-wide staff holding `jobs.view_job` see
them (registry.scope: jobs span the county); starting one needs `jobs.add_job`
(administrators)."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from claimdesk.tables import Column, Table
from jobs import services
from jobs.choices import JobKind, JobState
from jobs.forms import ScoreForm
from jobs.models import Job
from registry.scope import get_object_or_deny, restrict

PAGE = 50

COLUMNS = [
    Column("job", _("Job"), str, "pk"),
    Column("started_by", _("Started by"),
           lambda job: job.created_by.username if job.created_by else ""),
    Column("created", _("Created at"), lambda job: job.created_at, "created_at"),
    Column("progress", _("Progress"), lambda job: f"{job.done}/{job.total} {job.percent}% "
           f"{job.get_state_display()}", "state"),
]
"""The jobs list's columns, newest first unless a header is chosen (progress sorts by state)."""


def _visible_job(request, pk: int) -> Job:
    if not request.user.has_perm("jobs.view_job"):
        raise PermissionDenied
    return get_object_or_deny(Job.objects.select_related("created_by"), request.user, pk=pk)


def _jobs(request):
    """The jobs the user may see, filtered by state and kind (?state=, ?kind=)."""
    jobs = restrict(Job.objects.select_related("created_by"), request.user)
    state, kind = request.GET.get("state", ""), request.GET.get("kind", "")
    if state in JobState.values:
        jobs = jobs.filter(state=state)
    if kind in JobKind.values:
        jobs = jobs.filter(kind=kind)
    return jobs, {"state": state, "kind": kind, "states": JobState.choices,
                  "kinds": JobKind.choices}


def _list_page(request, form, status: int = 200):
    jobs, filters = _jobs(request)
    table = Table(request, COLUMNS, default="-job", size=PAGE)
    return render(request, "jobs/job_list.html", {
        **table.context(jobs), **filters, "form": form,
        "may_start": request.user.has_perm("jobs.add_job")}, status=status)


@login_required
def job_list(request):
    """Recent jobs: filtered, sorted, paged by keyset and exported like every list."""
    if not request.user.has_perm("jobs.view_job"):
        raise PermissionDenied
    download = Table(request, COLUMNS, default="-job").export(_jobs(request)[0], "jobs")
    return download or _list_page(request, ScoreForm())


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
        return _list_page(request, form, status=400)
    job = services.start("score", {"years": [form.cleaned_data["year"]]}, request.user)
    return redirect("jobs:detail", pk=job.pk)
