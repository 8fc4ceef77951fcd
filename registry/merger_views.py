"""Scheme merger pages (seed 004): the list of mergers, a new merger, staging a roster with
its declared totals, the reconciliation register with a link to the user's sign-off task, and
that task's page (registry.merger_flow). Every change goes through registry.mergers; the pages
only collect input and show the register.
"""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_http_methods, require_POST
from viewflow import Icon
from viewflow.workflow.flow.views import mixins
from viewflow.urls import Viewset
from viewflow.urls.sites import AppMenuMixin

from audit.models import AuditEntry
from registry import mergers
from registry.choices import MergerState, Scheme
from registry.importing import parsers
from registry.models import SchemeMerger
from registry.scope import get_object_or_deny, restrict


class MergerForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    year = forms.IntegerField(label=gettext_lazy("Policy year"), min_value=2000, max_value=2100)
    target_scheme = forms.ChoiceField(label=gettext_lazy("Merged scheme"),
                                      choices=Scheme.choices,
                                      initial=Scheme.URBAN_RURAL_RESIDENT)


class RosterForm(forms.Form):
    scheme = forms.ChoiceField(label=gettext_lazy("Scheme of the roster"), choices=Scheme.choices)
    file = forms.FileField(label=gettext_lazy("Roster (people.csv columns and premium)"))
    declared_count = forms.IntegerField(label=gettext_lazy("People on the handed-over register"),
                                        min_value=0)
    declared_premium = forms.CharField(
        label=gettext_lazy("Contributions on the handed-over register (yuan)"), max_length=20)

    def clean_declared_premium(self):
        try:
            return parsers.money_fen(self.cleaned_data["declared_premium"].strip())
        except parsers.CellError as error:
            raise ValidationError(str(error)) from None


HISTORY_LABELS = {
    "registry.merger_created": gettext_lazy("Started"),
    "registry.merger_roster_added": gettext_lazy("Roster staged"),
    "registry.merger_roster_removed": gettext_lazy("Roster removed"),
    "registry.merger_signed": gettext_lazy("Signed"),
}
"""The audit actions of registry.mergers, as the history on the merger's page names them."""


def _may_view(user) -> bool:
    return user.has_perm("registry.view_schememerger")


@login_required
@require_http_methods(["GET", "POST"])
def merger_list(request):
    if not _may_view(request.user):
        raise PermissionDenied
    may_stage = request.user.has_perm(mergers.STAGE_PERMISSION)
    form = MergerForm(request.POST or None) if may_stage else None
    if request.method == "POST":
        if not may_stage:
            raise PermissionDenied
        if form.is_valid():
            merger = mergers.create_merger(form.cleaned_data["name"], form.cleaned_data["year"],
                                           form.cleaned_data["target_scheme"], request.user)
            return redirect("registry:mergers:detail", pk=merger.pk)
    return render(request, "registry/merger/list.html", {
        "mergers": restrict(SchemeMerger.objects.all(), request.user), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def merger_detail(request, pk: int):
    """The reconciliation register, the staging form (while staged) and the sign-off."""
    if not _may_view(request.user):
        raise PermissionDenied
    merger = get_object_or_deny(SchemeMerger.objects.select_related(
        "first_signed_by", "second_signed_by", "live_run"), request.user, pk=pk)
    may_stage = (request.user.has_perm(mergers.STAGE_PERMISSION)
                 and merger.state == MergerState.STAGED)
    form = RosterForm(request.POST or None, request.FILES or None) if may_stage else None
    run = None
    if request.method == "POST":
        if not may_stage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = mergers.add_roster(merger.pk, data["scheme"], data["file"], data["file"].name,
                                         data["declared_count"], data["declared_premium"],
                                         request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if run.status == run.Status.LOADED:
                    messages.success(request, _("The roster of %(scheme)s is staged.")
                                     % {"scheme": data["scheme"]})
                    return redirect("registry:mergers:detail", pk=merger.pk)
    history = AuditEntry.objects.filter(object_type=SchemeMerger._meta.label,
                                        object_id=str(merger.pk)).select_related("actor")
    return render(request, "registry/merger/detail.html", {
        "merger": merger, "register": mergers.build_register(merger), "form": form, "run": run,
        "sign_task_url": _task_url(mergers.open_sign_task(merger, request.user)),
        "history": [(entry, HISTORY_LABELS.get(entry.action, entry.action))
                    for entry in history.order_by("pk")]})


class SignForm(forms.Form):
    """A signature: the officer has read the register above and signs it."""


class SignTaskView(mixins.TaskSuccessUrlMixin, generic.FormView):
    """A sign-off task (either signature): the register, and the signature made by the
    service, which also completes the task."""

    template_name = "registry/merger/sign_task.html"
    form_class = SignForm

    def get_context_data(self, **kwargs):
        merger = self.request.activation.process.scheme_merger
        return super().get_context_data(merger=merger, register=mergers.build_register(merger),
                                        **kwargs)

    def form_valid(self, form):
        merger = self.request.activation.process.scheme_merger
        try:
            merger = mergers.sign(merger.pk, self.request.user)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", None) or [str(error)]:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("Signed. Merger %(merger)s is now: %(state)s.") % {
            "merger": merger, "state": merger.get_state_display()})
        return HttpResponseRedirect(reverse("registry:mergers:detail", args=[merger.pk]))


def _task_url(task) -> str | None:
    return task.flow_task.reverse("index", args=[task.process_id, task.pk]) if task else None


@login_required
@require_POST
def merger_remove_roster(request, pk: int, scheme: str):
    get_object_or_deny(SchemeMerger.objects.all(), request.user, pk=pk)
    try:
        mergers.remove_roster(pk, scheme, request.user)
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", None) or [str(error)]:
            messages.error(request, message)
    return redirect("registry:mergers:detail", pk=pk)


class MergerViewset(AppMenuMixin, Viewset):
    """The merger pages as one menu entry of the registry application."""

    app_name = "mergers"
    icon = Icon("merge_type")
    title = gettext_lazy("Scheme mergers")

    def has_view_permission(self, user, obj=None):
        return _may_view(user)

    index_path = path("", merger_list, name="index")
    detail_path = path("<int:pk>/", merger_detail, name="detail")
    remove_path = path("<int:pk>/remove/<str:scheme>/", merger_remove_roster, name="remove")
