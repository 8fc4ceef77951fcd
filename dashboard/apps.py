from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """What each user sees first: the home page of their day's work, the fund's dashboards and
    search. It owns no tables: every figure comes from the owning app's services."""

    name = "dashboard"
    verbose_name = _("Home")
