"""Scheme transfer pages: the list both offices see, one transfer with its history, the filing
form, and the two confirmation task pages (the old office's end date, the new office's start
date). Every change goes through workflow.transfers; lists start from registry.scope.
"""
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DateField, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_http_methods
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow.views import FlowQueueListView, mixins
from viewflow.utils import viewprop
from viewflow.workflow.status import STATUS

from audit.models import AuditEntry
from claimdesk.tables import Column, Table
from registry.choices import Scheme
from registry.models import Person, Township, Village
from registry.scope import get_object_or_deny
from workflow.choices import TransferState
from workflow.models import SchemeTransfer

CONFIRM, REFUSE = "confirm", "refuse"
PAGE_SIZE = 100
HISTORY_LABELS = {
    "workflow.transfer_filed": gettext_lazy("Filed"),
    "workflow.transfer_confirm_end": gettext_lazy("End of cover confirmed"),
    "workflow.transfer_confirm_start": gettext_lazy("Start of cover confirmed"),
    "workflow.transfer_refuse": gettext_lazy("Refused"),
}
"""The audit actions of workflow.transfers, as the history on the transfer's page names them."""


class FileTransferForm(forms.Form):
    person_id = forms.CharField(label=gettext_lazy("Resident ID"), max_length=18)
    from_scheme = forms.ChoiceField(label=gettext_lazy("From scheme"), choices=Scheme.choices)
    old_township = forms.ModelChoiceField(
        label=gettext_lazy("Old office: township of this county"), required=False,
        queryset=Township.objects.all())
    old_county = forms.CharField(
        label=gettext_lazy("or old office outside the county"), required=False, max_length=100)
    to_scheme = forms.ChoiceField(label=gettext_lazy("To scheme"), choices=Scheme.choices)
    new_township = forms.ModelChoiceField(
        label=gettext_lazy("New office: township of this county"), required=False,
        queryset=Township.objects.all())
    new_village = forms.ModelChoiceField(
        label=gettext_lazy("New village (when the household is in another township)"),
        required=False, queryset=Village.objects.select_related("township"))
    new_county = forms.CharField(
        label=gettext_lazy("or new office outside the county"), required=False, max_length=100)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), widget=forms.RadioSelect, initial=CONFIRM,
        choices=[(CONFIRM, gettext_lazy("Confirm the date")),
                 (REFUSE, gettext_lazy("Refuse the transfer"))])
    day = forms.DateField(label=gettext_lazy("Date"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("Note or reason (required to refuse)"),
                           required=False, max_length=300,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == CONFIRM and not data.get("day"):
            self.add_error("day", _("Give the date."))
        return data


def _form_errors(form, error):
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    elif isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(error) or _("You may not act on this task."))


class TransferTaskView(mixins.TaskSuccessUrlMixin, generic.FormView):
    """A confirmation task: the transfer above the form, the decision made by the service."""

    template_name = "workflow/transfer/task.html"
    form_class = ConfirmForm
    day_label = ""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["day"].label = self.day_label
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["transfer"] = self.request.activation.process.scheme_transfer
        return context

    def form_valid(self, form):
        from workflow import transfers

        task_id, user, data = self.request.activation.task.pk, self.request.user, form.cleaned_data
        try:
            if data["decision"] == REFUSE:
                transfers.refuse(task_id, user, data["note"])
            else:
                self.confirm(transfers, task_id, user, data["day"], data["note"])
        except (ValidationError, PermissionDenied) as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        transfer = SchemeTransfer.objects.get(process_id=self.request.activation.process.pk)
        messages.success(self.request, _("Transfer %(transfer)s: %(state)s.") % {
            "transfer": transfer.pk, "state": transfer.get_state_display()})
        return HttpResponseRedirect(reverse("transfers:detail", args=[transfer.pk]))


class ConfirmEndView(TransferTaskView):
    day_label = gettext_lazy("Last day of cover at the old office")

    def confirm(self, transfers, task_id, user, day, note):
        transfers.confirm_end(task_id, user, day, note)


class ConfirmStartView(TransferTaskView):
    day_label = gettext_lazy("First day of cover at the new office")

    def get_initial(self):
        end = self.request.activation.process.scheme_transfer.end_date
        return {"day": end + dt.timedelta(days=1)} if end else {}

    def confirm(self, transfers, task_id, user, day, note):
        transfers.confirm_start(task_id, user, day, note)


def _office(scheme_display: str, office: str) -> str:
    return f"{scheme_display} · {office}"


TRANSFER_COLUMNS = [
    Column("transfer", "#", lambda t: t.pk, "pk"),
    Column("person", gettext_lazy("Person"), lambda t: f"{t.person.name} ({t.person_id})",
           "person__name"),
    Column("from", gettext_lazy("From"),
           lambda t: _office(t.get_from_scheme_display(), t.old_office), "from_scheme"),
    Column("to", gettext_lazy("To"),
           lambda t: _office(t.get_to_scheme_display(), t.new_office), "to_scheme"),
    Column("end", gettext_lazy("Last day of old cover"), lambda t: t.end_date, "end_sort"),
    Column("start", gettext_lazy("First day of new cover"), lambda t: t.start_date,
           "start_sort"),
    Column("state", gettext_lazy("State"), lambda t: t.get_state_display(), "state"),
    Column("filed", gettext_lazy("Filed"), lambda t: t.filed_at, "filed_at"),
]
"""The list's columns, newest filed first unless a header is chosen; a transfer without its
dates yet sorts after those with them."""


@login_required
def transfer_list(request):
    """Transfers of the user's office (old or new side), or all for county-wide roles:
    filtered by state, sorted, paged by keyset and exported like every list."""
    from workflow import transfers

    if not request.user.has_perm("workflow.view_schemetransfer"):
        raise PermissionDenied
    rows = transfers.visible_transfers(request.user).annotate(
        end_sort=Coalesce("end_date", Value(dt.date.max, output_field=DateField())),
        start_sort=Coalesce("start_date", Value(dt.date.max, output_field=DateField())))
    state = request.GET.get("state", "")
    if state in TransferState.values:
        rows = rows.filter(state=state)
    table = Table(request, TRANSFER_COLUMNS, default="-filed", size=PAGE_SIZE)
    download = table.export(rows, "transfers")
    if download is not None:
        return download
    return render(request, "workflow/transfer/list.html", {
        **table.context(rows), "states": TransferState.choices, "state": state,
        "may_file": request.user.has_perm("workflow.add_schemetransfer")})


@login_required
def transfer_detail(request, pk: int):
    """One transfer: both offices, the dates, who confirmed, its audit history, and the open
    task when it is the user's office's turn."""
    from workflow import transfers

    if not request.user.has_perm("workflow.view_schemetransfer"):
        raise PermissionDenied
    transfer = get_object_or_deny(SchemeTransfer.objects.select_related(
        "person", "old_township", "new_township", "new_village", "filed_by",
        "end_confirmed_by", "start_confirmed_by"), request.user, pk=pk)
    task = transfers.open_tasks(request.user).filter(process_id=transfer.process_id).first()
    history = AuditEntry.objects.filter(object_type=SchemeTransfer._meta.label,
                                        object_id=str(transfer.pk)).select_related("actor")
    return render(request, "workflow/transfer/detail.html", {
        "transfer": transfer, "history": [
            (entry, HISTORY_LABELS.get(entry.action, entry.action))
            for entry in history.order_by("pk")],
        "task_url": task.flow_task.reverse("index", args=[task.process_id, task.pk])
        if task else None})


@login_required
@require_http_methods(["GET", "POST"])
def file_transfer(request):
    from workflow import transfers

    if not request.user.has_perm("workflow.add_schemetransfer"):
        raise PermissionDenied
    form = FileTransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = Person.objects.filter(pk=data["person_id"].strip().upper()).first()
        if person is None:
            form.add_error("person_id", _("No person with this resident ID is registered."))
        else:
            try:
                transfer = transfers.file_transfer(
                    request.user, person_id=person.pk, from_scheme=data["from_scheme"],
                    to_scheme=data["to_scheme"], reason=data["reason"],
                    old_township_id=getattr(data["old_township"], "pk", None),
                    old_county=data["old_county"],
                    new_township_id=getattr(data["new_township"], "pk", None),
                    new_county=data["new_county"],
                    new_village_id=getattr(data["new_village"], "pk", None))
            except (ValidationError, PermissionDenied) as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Transfer %(transfer)s is filed and waits for the "
                                            "old office.") % {"transfer": transfer.pk})
                return redirect("transfers:detail", pk=transfer.pk)
    return render(request, "workflow/transfer/file.html", {"form": form})


class TransferQueueView(FlowQueueListView):
    """Confirmations the user's office may take now (workflow.transfers.open_tasks)."""

    @viewprop
    def queryset(self):
        from workflow import transfers

        return transfers.open_tasks(self.request.user).filter(status=STATUS.NEW)


class TransferViewset(FlowAppViewset):
    """The transfers application: the scoped list (index), filing, one transfer, the queue,
    inbox and archive; Viewflow's unscoped process and task lists are left out."""

    queue_view_class = TransferQueueView
    process_list_path = None
    task_list_path = None
    index_path = property(lambda self: path("", transfer_list, name="index"))
    file_path = property(lambda self: path("file/", file_transfer, name="file"))
    detail_path = property(lambda self: path("transfer/<int:pk>/", transfer_detail,
                                             name="detail"))

    def get_context_data(self, request):
        from workflow import transfers

        tasks = transfers.open_tasks(request.user)
        return {"user_inbox": tasks.filter(owner=request.user, status=STATUS.ASSIGNED),
                "user_queue": tasks.filter(status=STATUS.NEW)}

