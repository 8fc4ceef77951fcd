"""The human steps of the claim flow: a review task page and a correction task page.

Both show the claim (calculator explanation, fraud flags with reasons, history of decisions)
and collect a decision; the decision itself is made by workflow.services, the one door, whose
refusals (four eyes, scope, a task already decided) are shown on the form.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters import ChoiceFilter, DateRangeFilter, FilterSet
from viewflow.utils import viewprop
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow.views import (
    FlowInboxListView, FlowQueueListView, mixins,
)
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from claimdesk.flow_pages import ScopedDashboardView, ScopedFlowAppViewset
from claimdesk.lists import ListView
from registry.scope import remember_visible, restrict
from workflow.choices import Decision
from workflow.models import ClaimReview


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices,
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (required to reject or return)"), required=False,
                             max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("What was corrected"), max_length=300)


class ClaimTaskView(mixins.TaskSuccessUrlMixin, generic.FormView):
    """A task page about one claim: the claim's panels above the form."""

    template_name = "workflow/claim/task.html"

    def get_context_data(self, **kwargs):
        from workflow.services import claim_panels

        context = super().get_context_data(**kwargs)
        context.update(claim_panels(self.request.activation.process.claim_review))
        return context

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error(None, getattr(error, "message", None) or str(error)
                           or _("You may not act on this task."))
            return self.form_invalid(form)
        messages.success(self.request, _("Your decision on claim %(claim)s is recorded.") % {
            "claim": self.request.activation.process.claim_review.claim_id})
        return HttpResponseRedirect(self.get_success_url())


class ReviewTaskView(ClaimTaskView):
    form_class = ReviewForm

    def act(self, data):
        from workflow.services import decide

        decide(self.request.activation.task.pk, self.request.user, data["decision"],
               data["reason"])


class CorrectTaskView(ClaimTaskView):
    form_class = CorrectionForm

    def act(self, data):
        from workflow.services import resubmit

        resubmit(self.request.activation.task.pk, self.request.user, data["reason"])


class ReviewTaskFilter(FilterSet):
    """Filter review tasks by step and payment date (viewflow's own task filter lists every
    process of the queue as a choice, which a queue of 10,000 tasks cannot afford)."""

    flow_task = ChoiceFilter(label=_("Step"))
    due_on = DateRangeFilter(field_name="process__claim_review__due_on", label=_("Pay by"))

    def __init__(self, *args, **kwargs):
        from workflow.flows import ClaimFlow

        super().__init__(*args, **kwargs)
        self.filters["flow_task"].field.choices = [
            (get_task_ref(node), node.task_title) for node in (
                ClaimFlow.clerk, ClaimFlow.leader, ClaimFlow.director, ClaimFlow.committee,
                ClaimFlow.correct)]

    class Meta:
        model = Task
        fields = ("flow_task",)


class TaskColumns:
    """Task list columns: the claim, its township and the due date of its payment."""

    columns = ("task_id", "task_title", "claim", "township", "due_on")
    filterset_class = ReviewTaskFilter

    def claim(self, task):
        return task.process.claim_review.claim_id

    claim.short_description = _("Claim")

    def township(self, task):
        return task.process.claim_review.township_id

    township.short_description = _("Township")

    def due_on(self, task):
        due_on = task.process.claim_review.due_on
        return due_on.isoformat() if due_on else ""

    due_on.short_description = _("Pay by")


class ScopedQueueView(TaskColumns, FlowQueueListView):
    """Tasks the user may take: their levels, their township (services.open_tasks)."""

    @viewprop
    def queryset(self):
        from workflow.services import open_tasks

        return open_tasks(self.request.user).filter(status=STATUS.NEW)


class ScopedInboxView(TaskColumns, FlowInboxListView):
    @viewprop
    def queryset(self):
        from workflow.services import open_tasks

        return open_tasks(self.request.user).filter(owner=self.request.user,
                                                   status=STATUS.ASSIGNED)


class OverdueListView(ListView):
    """Open reviews past their payment date, by township office (DOMAIN.md: overdue work is
    visible); each office sees its own, county staff all."""

    model = ClaimReview
    columns = ("township", "claim", "next_level", "due_on")
    title = _("Overdue")

    def has_view_permission(self, user, obj=None):
        return user.has_perm("workflow.view_claim")

    @viewprop
    def queryset(self):
        from workflow.services import overdue_reviews

        return restrict(overdue_reviews(timezone.localdate()), self.request.user)


class ClaimBoardView(ScopedDashboardView):
    """The review's board (/claim/): a clerk sees their own township's tasks, each loaded
    with its process, review, claim and owner; its claims are noted as visible
    (registry.scope), so the cards' "may take / do / view" checks ask the database nothing
    more."""

    related = ("process__claim_review__claim", "owner")

    def shown(self, tasks):
        remember_visible(self.request.user, [task.process.claim_review.claim for task in tasks])


class ClaimReviewViewset(ScopedFlowAppViewset):
    """The review application: its board, inbox, queue, archive and overdue list, all in
    scope."""

    dashboard_view_class = ClaimBoardView
    queue_view_class = ScopedQueueView
    inbox_view_class = ScopedInboxView

    @property
    def overdue_path(self):
        return path("overdue/", OverdueListView.as_view(viewset=self), name="overdue")

    def get_context_data(self, request):
        from workflow.services import open_tasks

        tasks = open_tasks(request.user)
        return {"user_inbox": tasks.filter(owner=request.user, status=STATUS.ASSIGNED),
                "user_queue": tasks.filter(status=STATUS.NEW)}
