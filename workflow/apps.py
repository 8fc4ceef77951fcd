"""Claims, bill lines, referrals and review decisions, and the states they move through."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflow"
    verbose_name = _("Workflow")

    def ready(self):
        """Declare how review rows and flow tasks reach a township and a hospital, so task
        lists and claim pages start from registry.scope like every other list."""
        from registry.scope import Paths, register

        register("workflow.ClaimReview", Paths(township=("township",),
                                               hospital=("claim__hospital",)))
        register("workflow.ClaimTransition", Paths(
            township=("claim__person__household__township",), hospital=("claim__hospital",)))
        register("workflow.PaymentBatch", Paths())
        register("workflow.EmergencyReport", Paths(
            township=("person__household__township",), hospital=("hospital",)))
        # The flows' proxy models, so their permissions exist when registry.signals builds
        # the admin's group on post_migrate (before any URL configuration imports them).
        from workflow import referral_flows, transfer_flow  # noqa: F401
        # A scheme transfer is seen by the staff of both its offices (DOMAIN.md: "both
        # offices see the request's state"); an office outside the county has none here.
        register("workflow.SchemeTransfer", Paths(township=("old_township", "new_township")))
        register("viewflow.Task", Paths(township=("process__claim_review__township",),
                                        hospital=("process__claim_review__claim__hospital",)))
