"""Viewflow's flow pages, scoped like the process they show.

Viewflow's chart view asks only for the flow's permission, yet a process's chart shows which
steps one claim or notice went through; so it asks, like the process and task pages, whether
the user may view that process (each flow's has_view_permission applies registry.scope).

Viewflow's board, queue and inbox list every task the user's permission reaches, in any
township; the scoped versions below also pass them through registry.scope (its paths for
viewflow.Task), for flows whose steps township staff work.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from viewflow.utils import viewprop
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow.views import (
    DashboardView, FlowChartView, FlowInboxListView, FlowQueueListView,
)
from viewflow.workflow.status import STATUS

from registry.scope import restrict


class ScopedFlowChartView(FlowChartView):
    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None:
            process = get_object_or_404(self.flow_class.process_class, pk=process_pk)
            if not self.flow_class.instance.has_view_permission(request.user, obj=process):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedFlowAppViewset(FlowAppViewset):
    """A flow's application whose process chart is refused outside the user's scope."""

    chart_view_class = ScopedFlowChartView


class ScopedDashboardView(DashboardView):
    """Viewflow's board (a column of open tasks per step, then the finished ones) with only
    the tasks in the user's scope, in one query per column. `related` names what each card
    shows, loaded with the task; `shown` may note the listed rows as visible."""

    related: tuple[str, ...] = ("process", "owner")

    def tasks(self):
        return restrict(self.flow_class.task_class._default_manager.filter_available(
            [self.flow_class], self.request.user), self.request.user).select_related(
            *self.related).order_by("-created", "-pk")

    def shown(self, tasks: list) -> None:
        """Hook: the tasks on the board, once loaded."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = []
        for column in context["columns"]:
            column["tasks"] = list(self.tasks().filter(
                Q(finished__isnull=True) | Q(status=STATUS.ERROR),
                flow_task=column["node"])[:self.MAX_ROWS])
            shown += column["tasks"]
        context["finished"] = list(self.tasks().filter(
            finished__isnull=False, flow_task__in=context["end_nodes"])[:self.MAX_ROWS])
        self.shown(shown)
        return context


class ScopedQueueView(FlowQueueListView):
    """Tasks the user may take, in their scope."""

    @viewprop
    def queryset(self):
        return restrict(super().queryset, self.request.user)


class ScopedInboxView(FlowInboxListView):
    """Tasks the user holds, in their scope (a user moved to another township keeps none)."""

    @viewprop
    def queryset(self):
        return restrict(super().queryset, self.request.user)


class ScopedTaskListsViewset(ScopedFlowAppViewset):
    """A flow whose board, queue and inbox list only the tasks in the user's scope."""

    dashboard_view_class = ScopedDashboardView
    queue_view_class = ScopedQueueView
    inbox_view_class = ScopedInboxView
