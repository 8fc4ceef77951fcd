"""Notice pages: the committee's review and the office's revision (Viewflow task views), the
public pages (no login: published notices by township and month, one notice with its PDF and
its SHA-256, the objection form) and the staff's pages (record an objection, draft an erratum).

Every change goes through notices.services; a published notice has no edit page at all.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from viewflow.workflow.flow.views import mixins

from notices import forms
from notices.choices import NoticeState
from notices.models import Notice, Objection
from registry.scope import get_object_or_deny, restrict

PUBLIC_STATES = (NoticeState.PUBLISHED, NoticeState.CLOSED)


def _errors_to_form(form, error):
    if isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(error) or _("You may not act on this task."))


class NoticeTaskView(mixins.TaskSuccessUrlMixin, generic.FormView):
    """A task page about one notice: the draft as it would be published, above the form."""

    template_name = "notices/task.html"

    def get_context_data(self, **kwargs):
        from notices.publication import sections
        from notices.services import objection_counts

        context = super().get_context_data(**kwargs)
        notice = self.request.activation.process.notice
        context.update(notice_context(notice, sections(notice), objection_counts([notice.pk])))
        return context

    def form_valid(self, form):
        try:
            notice = self.act(form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _errors_to_form(form, error)
            return self.form_invalid(form)
        say_state(self.request, notice)
        return HttpResponseRedirect(self.get_success_url())


def say_state(request, notice) -> None:
    """The page message after a decision or a retry: what the notice's state now is (an
    approved notice is published only once its PDF job has run)."""
    number = {"notice": notice.pk}
    if notice.state == NoticeState.RENDERING and notice.pdf_error:
        messages.error(request, _("Notice %(notice)s is approved, but its PDF could not be "
                                  "rendered: %(error)s. Retry from the notice's page.")
                       % {**number, "error": notice.pdf_error})
    elif notice.state == NoticeState.RENDERING:
        messages.success(request, _("Notice %(notice)s is approved. Its PDF is being rendered; "
                                    "it is published, and its objection window opens, when "
                                    "that is done.") % number)
    elif notice.state == NoticeState.PUBLISHED:
        messages.success(request, _("Notice %(notice)s is approved and published; its objection "
                                    "window is open.") % number)
    else:
        messages.success(request, _("Notice %(notice)s: your decision is recorded.") % number)


class ReviewNoticeView(NoticeTaskView):
    form_class = forms.ReviewForm

    def act(self, data):
        from notices.services import review

        return review(self.request.activation.task.pk, self.request.user, data["approve"],
                      data["comments"])


class ReviseNoticeView(NoticeTaskView):
    form_class = forms.ReviseForm

    def act(self, data):
        from notices.services import revise

        return revise(self.request.activation.task.pk, self.request.user, data["note"])


def notice_context(notice, sections, counts) -> dict:
    from notices.pdf import fund_rows, title

    return {"notice": notice, "title": title(notice), "sections": sections,
            "fund_rows": fund_rows(notice), "objection_count": counts.get(notice.pk, 0),
            "errata": list(notice.errata.filter(state__in=PUBLIC_STATES).order_by("pk"))}


def _public_notice(pk: int) -> Notice:
    return get_object_or_404(Notice.objects.select_related("township", "erratum_of"),
                             pk=pk, state__in=PUBLIC_STATES)


@require_GET
def public_list(request):
    """Published notices by township and month, for anyone."""
    from notices.services import objection_counts

    notices = list(Notice.objects.filter(state__in=PUBLIC_STATES)
                   .select_related("township").order_by("township__code", "-month", "pk"))
    counts = objection_counts(n.pk for n in notices)
    by_township: dict = {}
    for notice in notices:
        notice.objection_count = counts.get(notice.pk, 0)
        by_township.setdefault(notice.township, []).append(notice)
    return render(request, "notices/public_list.html", {"by_township": by_township})


@require_http_methods(["GET", "POST"])
def public_detail(request, pk: int):
    """One published notice, masked names only, with its PDF, SHA-256 and objection form."""
    from notices.publication import sections
    from notices.services import file_objection, objection_counts, window_open

    notice = _public_notice(pk)
    form = forms.ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect(reverse("notices:public_detail", args=[pk]) + "?filed=1")
        if _rate_limited(request):
            form.add_error(None, _("Too many objections from your address: please try again "
                                   "later or call the township office."))
        else:
            try:
                file_objection(pk, form.cleaned_data["text"], form.cleaned_data["name"],
                               form.cleaned_data["contact"], form.cleaned_data["line_no"])
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                return redirect(reverse("notices:public_detail", args=[pk]) + "?filed=1")
    context = notice_context(notice, sections(notice), objection_counts([pk]))
    context.update(form=form, window_open=window_open(notice),
                   filed=request.GET.get("filed") == "1", staff_objections=_staff_objections(
                       request.user, notice))
    return render(request, "notices/public_detail.html", context)


def _staff_objections(user, notice) -> list:
    """The notice's objections for staff who read them (in their scope), each with the case
    it joined: what the office and the committee act on."""
    if not user.has_perm("notices.view_objection"):
        return []
    from casework.services import cases_of_objections

    objections = list(restrict(Objection.objects.filter(notice=notice), user).order_by(
        "filed_at", "pk"))
    cases = cases_of_objections(o.pk for o in objections)
    for objection in objections:
        objection.case_id = cases.get(objection.pk)
    return objections


@login_required
@require_POST
def open_case(request, pk: int, objection_id: int):
    """DOMAIN.md: "Objections are intake for investigations: one click opens a case" (or
    joins the open case about the same claim)."""
    from casework.services import open_case_from_objection

    objection = get_object_or_deny(Objection.objects.select_related("notice").filter(
        notice_id=pk), request.user, pk=objection_id)
    case = open_case_from_objection(objection, request.user)
    messages.success(request, _("Objection %(objection)s is in investigation case %(case)s.")
                     % {"objection": objection.pk, "case": case.pk})
    return redirect("notices:public_detail", pk=pk)


def _rate_limited(request) -> bool:
    """At most settings.NOTICE_OBJECTIONS_PER_HOUR objections per client address an hour."""
    key = f"notices:objections:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) > settings.NOTICE_OBJECTIONS_PER_HOUR


@require_GET
def public_pdf(request, pk: int):
    notice = _public_notice(pk)
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="notice-{notice.township_id}-{notice.month:%Y-%m}-{notice.pk}.pdf"')
    response["X-Content-SHA256"] = notice.pdf_sha256
    return response


@login_required
@require_http_methods(["GET", "POST"])
def record_objection(request, pk: int):
    """Staff record an objection taken by telephone or in person."""
    from notices.services import record_objection as record

    notice = get_object_or_deny(Notice.objects.filter(state__in=PUBLIC_STATES), request.user,
                                pk=pk)
    if not request.user.has_perm("notices.add_objection"):
        raise PermissionDenied
    form = forms.StaffObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record(pk, request.user, data["channel"], data["text"], data["name"],
                   data["contact"], data["line_no"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The objection is recorded."))
            return redirect("notices:public_detail", pk=pk)
    return render(request, "notices/staff_form.html", {
        "notice": notice, "form": form, "heading": _("Record an objection")})


@login_required
@require_http_methods(["GET", "POST"])
def draft_erratum(request, pk: int):
    from notices.services import draft_erratum as draft

    notice = get_object_or_deny(Notice.objects.filter(state__in=PUBLIC_STATES), request.user,
                                pk=pk)
    if not request.user.has_perm("notices.add_notice"):
        raise PermissionDenied
    form = forms.ErratumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erratum = draft(pk, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Erratum %(erratum)s is drafted and with the supervision "
                                        "committee.") % {"erratum": erratum.pk})
            return redirect("notices:public_detail", pk=pk)
    return render(request, "notices/staff_form.html", {
        "notice": notice, "form": form, "heading": _("Draft an erratum")})



@login_required
@require_POST
def retry_publication(request, pk: int):
    """The committee renders an approved notice's PDF again after it failed."""
    from notices.services import retry_publication as retry

    notice = get_object_or_deny(Notice.objects.all(), request.user, pk=pk)
    try:
        notice = retry(notice.pk, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        say_state(request, notice)
    return redirect("notice_desk:notice:detail", pk=pk)
