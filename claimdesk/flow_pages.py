"""Viewflow's flow pages, scoped like the process they show.

Viewflow's chart view asks only for the flow's permission, yet a process's chart shows which
steps one claim or notice went through; so it asks, like the process and task pages, whether
the user may view that process (each flow's has_view_permission applies registry.scope).
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow.views import FlowChartView


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
