"""The Home application's pages: today's work, the dashboards and search (issue 10).

Plain views that read top to bottom: each asks the dashboard modules (which ask the owning
apps' services) for figures in the user's scope and renders them in the site's frame.
"""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from casework.models import WORK
from casework.search import find_cases
from dashboard import indicators
from dashboard.today import work_items
from registry import services as registry
from workflow import services as workflow

SEARCH_LIMIT = 20
"""Rows shown per kind of result: a search narrows, it does not list."""


class TodayView(LoginRequiredMixin, TemplateView):
    """The landing page after login: the user's work for today, with counts and links."""

    template_name = "dashboard/today.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(today=today, items=work_items(self.request.user, today),
                                        **kwargs)


class DashboardView(LoginRequiredMixin, TemplateView):
    """The fund's indicators and spending in the user's scope, for one year (?year=)."""

    template_name = "dashboard/dashboards.html"

    def year(self) -> int:
        latest = workflow.latest_claim_year(self.request.user) or timezone.localdate().year
        try:
            return int(self.request.GET.get("year", latest))
        except ValueError:
            return latest

    def get_context_data(self, **kwargs):
        user, year = self.request.user, self.year()
        figures, spending = indicators.indicators(user, year)
        return super().get_context_data(
            year=year, years=range(year - 2, year + 2), indicators=figures,
            spending=indicators.spending_charts(spending), has_spending=bool(spending.total_fen),
            approvals=indicators.approval_chart(user, year), fraud=indicators.fraud_chart(user),
            recoveries=indicators.recovery_chart(user, year), **kwargs)


class SearchView(LoginRequiredMixin, TemplateView):
    """Find a person, claim, certificate, hospital or case by ID or name, in the user's scope."""

    template_name = "dashboard/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        results = {}
        if query:
            user = self.request.user
            results = registry.find(user, query, SEARCH_LIMIT)
            results["claims"] = list(workflow.find_claims(user, query, SEARCH_LIMIT))
            results["cases"] = find_cases(user, query, SEARCH_LIMIT)
        return super().get_context_data(
            query=query, results=results, found=any(results.values()),
            may_open_cases=self.request.user.has_perm(WORK), **kwargs)
