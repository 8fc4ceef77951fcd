"""Claims, bill lines, referrals and review decisions, and the states they move through."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflow"
    verbose_name = _("Workflow")
