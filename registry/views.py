"""Registry pages outside the Viewflow site: the contract-file upload for administrators.

The upload is stored and loaded by a background job (jobs.choices.JobKind.UPLOAD, the import
job's batches), so a large file neither holds a web process nor times out behind the proxy;
the uploader follows it, and reads its report, on the job's page."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import services as jobs
from jobs.choices import JobKind
from registry import services
from registry.choices import Role


def may_import(user) -> bool:
    """DOMAIN.md "Who uses it": imports belong to the system administrator."""
    profile = getattr(user, "staff", None)
    return user.is_superuser or (profile is not None and profile.role == Role.ADMIN)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("File kind"), required=False,
        choices=[("", gettext_lazy("From the file name (claims.csv, people.xlsx, ...)"))]
        + [(kind, kind) for kind in services.IMPORT_ORDER])
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload and not upload.name.lower().endswith(services.SUFFIXES):
            self.add_error("file", _("Upload a .csv or .xlsx file."))
        elif upload and not data.get("kind"):
            data["kind"] = services.kind_from_file_name(upload.name)
            if not data["kind"]:
                self.add_error("kind", _("Choose the file kind: the file name does not say it."))
        return data


@login_required
def import_upload(request):
    """Upload one contract file; it loads in an upload job, whose page shows the progress
    and then the report: counts, or every bad row."""
    if not may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        directory, stored = services.store_upload(upload, form.cleaned_data["kind"])
        job = jobs.start(JobKind.UPLOAD, {"upload": directory, "names": {stored: upload.name}},
                         request.user)
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "registry/import.html", {
        "form": form, "order": ", ".join(services.IMPORT_ORDER)})
