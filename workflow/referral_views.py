"""Referral pages: the hospital's dashboard, request and emergency report forms, a referral's
page and certificate, the CSV and XLSX exports (the "Referrals" menu), the county office's task pages
(ReferralFlow, EmergencyReviewFlow), and the public verification page (no login).

Every object page starts from registry.scope (`get_object_or_deny`), every list from
`restrict` (workflow.referral_dashboard); every change goes through workflow.referrals or
workflow.emergencies, whose refusals are shown on the form.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views import generic
from django.views.decorators.http import require_GET, require_http_methods
from viewflow import Icon
from viewflow.urls import Viewset
from viewflow.urls.sites import AppMenuMixin
from viewflow.workflow.flow.views import mixins

from claimdesk.lists import EXPORTERS
from notices.masking import mask_name
from registry.scope import get_object_or_deny
from workflow import referral_forms as forms
from workflow.models import Referral

PAGE_SIZE = 50


def _errors_to_form(form, error) -> None:
    """A service's refusal on the form: field errors on their fields, the rest on top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    elif isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(error) or _("You may not act on this task."))


def _url(request, name: str, *args) -> str:
    """A page of this menu, in the namespace the request came through."""
    return reverse(f"{request.resolver_match.namespace}:{name}", args=args)


# The county office's tasks ------------------------------------------------------------------

class DecisionTaskView(mixins.TaskSuccessUrlMixin, generic.FormView):
    """A task page about one referral or emergency report: its facts above the decision."""

    template_name = "workflow/referrals/task.html"
    form_class = forms.DecisionForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, facts=self.facts())

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data["approve"], form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            _errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your decision is recorded."))
        return HttpResponseRedirect(self.get_success_url())


class ReferralDecisionView(DecisionTaskView):
    def facts(self):
        r = self.request.activation.process.referral
        return [(_("Referral number"), r.referral_no), (_("Patient"), r.person),
                (_("Referred from"), r.from_hospital), (_("Referred to"), r.to_hospital),
                (_("Diagnosis (ICD-10)"), r.diagnosis_code),
                (_("Urgency"), r.get_urgency_display()), (_("Reason for referral"), r.reason),
                (_("Requested by"), r.requested_by),
                (_("Requested at"), f"{timezone.localtime(r.requested_at):%Y-%m-%d %H:%M}")]

    def act(self, approve, reason):
        from workflow.referrals import decide

        decide(self.request.activation.task.pk, self.request.user, approve, reason)


class EmergencyReviewView(DecisionTaskView):
    def facts(self):
        e = self.request.activation.process.emergency_report
        return [(_("Patient"), e.person), (_("Hospital"), e.hospital),
                (_("Admitted on"), e.admitted_on.isoformat()),
                (_("Diagnosis (ICD-10)"), e.diagnosis_code),
                (_("Reported on"), e.reported_on.isoformat()),
                (_("Report due by"), e.due_on.isoformat()),
                (_("Reported late"), _("yes") if e.late else _("no")),
                (_("Reported by"), e.reported_by)]

    def act(self, approve, reason):
        from workflow.emergencies import review

        review(self.request.activation.task.pk, self.request.user, approve, reason)


# The hospital's pages -----------------------------------------------------------------------

def _filters(request):
    form = forms.DashboardFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


def _query_without_pages(request) -> str:
    query = request.GET.copy()
    for name in ("page", "reports_page"):
        query.pop(name, None)
    return query.urlencode()


@login_required
@require_GET
def dashboard(request):
    """Referrals sent and received and emergency reports, by status, with elapsed time; one
    page of each is read and shown (PAGE_SIZE rows)."""
    from workflow.referral_dashboard import (
        elapsed_text, referral_counts, referral_row, referrals_in_view, report_counts,
        report_row, reports_in_view,
    )
    from workflow.referrals import hospital_of

    if not request.user.has_perm("workflow.view_referral"):
        raise PermissionDenied
    form, filters = _filters(request)
    now = timezone.now()
    today, hospital = timezone.localdate(now), hospital_of(request.user)
    referrals = referrals_in_view(request.user, filters)
    referral_page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [referral_row(referral, hospital, now, today) for referral in referral_page]
    may_read_reports = request.user.has_perm("workflow.view_emergencyreport")
    reports = reports_in_view(request.user, filters) if may_read_reports else None
    report_page = (Paginator(reports, PAGE_SIZE).get_page(request.GET.get("reports_page"))
                   if may_read_reports else None)
    report_totals, late = report_counts(reports) if may_read_reports else ((), 0)
    return render(request, "workflow/referrals/dashboard.html", {
        "form": form, "referrals": [(row, elapsed_text(row.elapsed)) for row in rows],
        "referral_page": referral_page, "report_page": report_page,
        "referral_counts": referral_counts(referrals, today),
        "report_counts": report_totals, "late_reports": late,
        "reports": [report_row(report) for report in report_page or ()],
        "may_file": bool(hospital) and request.user.has_perm("workflow.add_referral"),
        "may_report": bool(hospital) and request.user.has_perm("workflow.add_emergencyreport"),
        "query": _query_without_pages(request), "ns": request.resolver_match.namespace,
        "title": _("Referrals and emergency reports")})


@login_required
@require_GET
def export(request, extension: str):
    """The dashboard's rows under its filters, all of them, as CSV (streamed) or XLSX (the
    write-only writer), through the lists' exporters (claimdesk.exports: formula-looking
    cells neutralised)."""
    from workflow.referral_dashboard import EXPORT_HEADER, export_rows

    if not request.user.has_perm("workflow.view_referral"):
        raise PermissionDenied
    _form, filters = _filters(request)
    now = timezone.now()
    today = timezone.localdate(now)
    return EXPORTERS[extension](f"referrals-{today:%Y-%m-%d}.{extension}", EXPORT_HEADER,
                                export_rows(request.user, filters, now, today))


def _hospital_form_page(request, form, act, heading, done):
    """A hospital administrator's form (request or report) handed to a service."""
    if request.method == "POST" and form.is_valid():
        try:
            record = act(request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _errors_to_form(form, error)
        else:
            return done(record)
    return render(request, "workflow/referrals/form.html", {
        "form": form, "heading": heading, "ns": request.resolver_match.namespace})


@login_required
@require_http_methods(["GET", "POST"])
def new_referral(request):
    from workflow.referrals import file_referral, hospital_of

    hospital = hospital_of(request.user)
    if hospital is None or not request.user.has_perm("workflow.add_referral"):
        raise PermissionDenied

    def done(referral):
        messages.success(request, _("Referral %(number)s is filed and with the county office.")
                         % {"number": referral.referral_no})
        return redirect(_url(request, "detail", referral.referral_no))

    def act(user, person_id, to_hospital, diagnosis_code, reason, urgency):
        return file_referral(user, person_id, to_hospital, diagnosis_code, reason, urgency)

    form = forms.ReferralRequestForm(request.POST or None, own_hospital=hospital)
    return _hospital_form_page(request, form, act, _("File a referral"), done)


@login_required
@require_http_methods(["GET", "POST"])
def new_emergency(request):
    from workflow.emergencies import report_emergency
    from workflow.referrals import hospital_of

    if hospital_of(request.user) is None or not request.user.has_perm(
            "workflow.add_emergencyreport"):
        raise PermissionDenied

    def done(report):
        if report.late:
            messages.warning(request, _("The admission is reported, late: it was due by "
                                        "%(day)s.") % {"day": report.due_on.isoformat()})
        else:
            messages.success(request, _("The admission is reported on time."))
        return redirect(_url(request, "index"))

    return _hospital_form_page(request, forms.EmergencyReportForm(request.POST or None),
                               report_emergency, _("Report an emergency admission"), done)


@login_required
@require_GET
def referral_detail(request, referral_no: str):
    from workflow.referrals import standing

    referral = get_object_or_deny(
        Referral.objects.select_related("person", "from_hospital", "to_hospital", "requested_by",
                                        "decided_by").defer("certificate_pdf"),
        request.user, pk=referral_no)
    return render(request, "workflow/referrals/detail.html", {
        "referral": referral, "standing": standing(referral, timezone.localdate()),
        "ns": request.resolver_match.namespace})


@login_required
@require_GET
def download_certificate(request, referral_no: str):
    from workflow.referrals import certificate

    try:
        data, filename = certificate(referral_no, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_url(request, "detail", referral_no))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReferralDeskViewset(AppMenuMixin, Viewset):
    """The "Referrals" menu entry: the dashboard and the pages it links to."""

    app_name = "desk"
    title = gettext_lazy("Referrals and emergency reports")
    icon = Icon("local_hospital")

    index_path = path("", dashboard, name="index")
    export_path = path("export.csv", export, {"extension": "csv"}, name="export")
    export_xlsx_path = path("export.xlsx", export, {"extension": "xlsx"}, name="export_xlsx")
    new_path = path("new/", new_referral, name="new")
    new_emergency_path = path("emergency/new/", new_emergency, name="new_emergency")
    detail_path = path("<str:referral_no>/", referral_detail, name="detail")
    certificate_path = path("<str:referral_no>/certificate.pdf", download_certificate,
                            name="certificate")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm("workflow.view_referral")


# The public verification page ---------------------------------------------------------------

@require_GET
def lookup(request):
    """Anyone may enter the code printed on a certificate."""
    form = forms.VerificationForm(request.GET or None)
    if form.is_valid():
        return redirect("referrals_public:verify", code="".join(form.cleaned_data["code"].split()))
    return render(request, "workflow/referrals/verify.html", {"form": form})


@require_GET
def verify(request, code: str):
    """What a certificate's code stands for today: valid, expired, rejected or awaiting the
    office; the patient's name masked (DESIGN.md: public pages show masked names only)."""
    from workflow.referrals import by_code, standing

    referral = by_code(code)
    context = {"form": forms.VerificationForm(initial={"code": code}), "code": code,
               "found": referral is not None}
    if referral is not None:
        context.update(referral=referral, masked_name=mask_name(referral.person.name),
                       standing=standing(referral, timezone.localdate()))
    return render(request, "workflow/referrals/verify.html", context,
                  status=200 if referral is not None else 404)
