"""Registry pages outside the Viewflow site: the contract-file upload for administrators."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    """Upload one contract file and show its report: counts, or every bad row."""
    if not may_import(request.user):
        raise PermissionDenied
    run = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = services.import_file(upload, form.cleaned_data["kind"], actor=request.user,
                                   file_name=upload.name)
    return render(request, "registry/import.html", {
        "form": form, "run": run, "order": ", ".join(services.IMPORT_ORDER)})
