"""Casework pages: the queue (investigators and their supervisor), the case page and its
actions, the evidence files and the decision letter (investigators only: nobody else sees a
case's content, issue 8).

Every change goes through casework.procedure, casework.evidence or casework.decisions; a
refusal (permission, capacity, a wrong file, a missing reason) comes back as a message.
"""
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from casework import decisions, dossier, evidence, procedure, queue
from casework.choices import OPEN_STATES, CaseState
from casework.models import WORK, Case, CaseDecision
from fraud.choices import Scheme
from registry.choices import Role
from registry.models import Hospital, Township
from registry.scope import get_object_or_deny

VIEW = "casework.view_case"


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Note"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (PDF, PNG or JPEG)"))
    description = forms.CharField(label=gettext_lazy("Description"), max_length=300,
                                  required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Decision"), widget=forms.RadioSelect,
                                choices=[(s.value, s.label) for s in (
                                    CaseState.CONFIRMED, CaseState.UNFOUNDED,
                                    CaseState.REFERRED)])
    fabricated = forms.BooleanField(label=gettext_lazy("The evidence was fabricated (3 x the "
                                                       "costs are recovered)"), required=False)
    reason = forms.CharField(label=gettext_lazy("Grounds"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    dismissed_alerts = forms.MultipleChoiceField(
        label=gettext_lazy("Alerts that proved unfounded"), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dismissed_alerts"].choices = [
            (a.pk, f"{a.get_scheme_display()} · {a.pk}") for a in case.alerts.all()]


def _investigator_case(request, pk: int) -> Case:
    """The case, for investigators only (403 for anyone else, in or out of scope)."""
    if not request.user.has_perm(WORK):
        raise PermissionDenied
    return get_object_or_deny(Case.objects.select_related("township", "hospital", "assignee"),
                              request.user, pk=pk)


def _investigators():
    return (get_user_model().objects.filter(is_active=True, staff__role=Role.INVESTIGATOR)
            .order_by("username"))


@login_required
@require_GET
def queue_page(request):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    filters = queue.Filters.from_query(request.GET)
    cases = queue.listed(queue.filtered(request.user, filters))
    table = queue.table(request)
    download = table.export(cases, "cases")
    if download is not None:
        return download
    return render(request, "casework/queue.html", {
        **table.context(cases), "filters": filters, "today": timezone.localdate(),
        "schemes": Scheme.choices, "states": [(s.value, s.label) for s in OPEN_STATES],
        "townships": Township.objects.order_by("code").values_list("code", "name"),
        "hospitals": Hospital.objects.order_by("code").values_list("code", "name"),
        "investigators": list(_investigators()),
        "may_work": request.user.has_perm(WORK),
        "may_assign": request.user.has_perm(procedure.ASSIGN)})


@login_required
@require_GET
def case_page(request, pk: int):
    case = _investigator_case(request, pk)
    context = dossier.page(case)
    context.update(case=case, today=timezone.localdate(), note_form=NoteForm(),
                   evidence_form=EvidenceForm(), decision_form=DecisionForm(case=case),
                   next_step=procedure.NEXT_STEP.get(case.state),
                   may_assign=request.user.has_perm(procedure.ASSIGN),
                   investigators=list(_investigators()))
    return render(request, "casework/case.html", context)


def _back(request, case: Case):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("casework:case", pk=case.pk)


def _refused(request, error) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error) or _("You may not do this."))


@login_required
@require_POST
def assign(request, pk: int):
    """Take a case (no assignee given) or, for the supervisor, assign or reassign it."""
    if not (request.user.has_perm(WORK) or request.user.has_perm(procedure.ASSIGN)):
        raise PermissionDenied
    case = get_object_or_deny(Case.objects.all(), request.user, pk=pk)
    assignee = request.POST.get("assignee", "")
    try:
        procedure.assign(case.pk, request.user, int(assignee) if assignee.isdigit() else None,
                         request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, _("Case %(case)s is assigned.") % {"case": case.pk})
    return _back(request, case)


@login_required
@require_POST
def act(request, pk: int, action: str):
    """Move on, add a note, add evidence or decide: one form each on the case page."""
    case = _investigator_case(request, pk)
    try:
        if action == "advance":
            procedure.advance(case.pk, request.user, request.POST.get("note", ""))
            done = _("Case %(case)s moved on.")
        elif action == "note":
            form = NoteForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write the note."))
            procedure.add_note(case.pk, request.user, form.cleaned_data["text"])
            done = _("The note is added to case %(case)s.")
        elif action == "evidence":
            form = EvidenceForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Choose a file."))
            evidence.add(case.pk, request.user, form.cleaned_data["file"],
                         form.cleaned_data["description"])
            done = _("The file is added to case %(case)s.")
        elif action == "decide":
            form = DecisionForm(request.POST, case=case)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            data = form.cleaned_data
            decisions.decide(case.pk, request.user, data["outcome"], data["reason"],
                             data["fabricated"], data["dismissed_alerts"])
            done = _("Case %(case)s is decided.")
        else:
            raise PermissionDenied
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, done % {"case": case.pk})
    return redirect("casework:case", pk=case.pk)


@login_required
@require_GET
def evidence_file(request, pk: int, evidence_id: int):
    case = _investigator_case(request, pk)
    item = get_object_or_404(case.evidence, pk=evidence_id)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=True, filename=item.original_name)
    response["X-Content-SHA256"] = item.sha256
    return response


@login_required
@require_GET
def letter(request, pk: int):
    case = _investigator_case(request, pk)
    decision = get_object_or_404(CaseDecision, case=case)
    response = HttpResponse(bytes(decision.letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="case-{case.pk}-decision.pdf"'
    response["X-Content-SHA256"] = decision.letter_sha256
    return response
