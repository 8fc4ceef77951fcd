"""The Home application of the site (claimdesk.site): today's work, dashboards, search.

First in the menu, so "/" (and so the page after login) opens the user's home page.
"""
from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Viewset
from viewflow.urls.sites import AppMenuMixin

from dashboard.views import DashboardView, SearchView, TodayView


class PageViewset(AppMenuMixin, Viewset):
    """One page listed in its application's menu (its index is the page itself)."""

    view_class = None

    @property
    def index_path(self):
        return path("", self.view_class.as_view(), name="index")


def home_pages() -> list[PageViewset]:
    return [
        PageViewset(title=_("Today's work"), icon=Icon("today"), app_name="today",
                    view_class=TodayView),
        PageViewset(title=_("Dashboards"), icon=Icon("insights"), app_name="dashboards",
                    view_class=DashboardView),
        PageViewset(title=_("Search"), icon=Icon("search"), app_name="search",
                    view_class=SearchView),
    ]
