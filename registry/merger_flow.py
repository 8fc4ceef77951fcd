"""The scheme merger sign-off flow (seed 004: 登记造册，签字验收): one process per merger.

Staging starts it (registry.mergers.create_merger); the rosters are staged, and corrected,
while the first sign-off waits. Then two officers sign the reconciliation register, each in
a task of their own, and the second signature puts the merged roster live. Four eyes: both
sign-off tasks are offered only to holders of the sign-off permission who neither staged the
merger nor signed it already (registry.models.may_sign_merger), so an administrator who holds
every permission still cannot sign what they staged. The signatures are made by
registry.mergers.sign (the one door for the task pages and the command); the task view only
collects them.
"""
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock
from viewflow.workflow.models import Process

from claimdesk.flow_steps import GuardedStep
from registry import merger_views as views
from registry.models import SIGN_OFF_PERMISSION, may_sign_merger


class MergerProcess(Process):
    """Thin proxy: the domain record is `scheme_merger` (a SchemeMerger, one per process)."""

    class Meta:
        proxy = True
        verbose_name = _("scheme merger sign-off process")
        verbose_name_plural = _("scheme merger sign-off processes")


def _may_sign(user, task) -> bool:
    """A signature is offered only to an officer who may sign this merger (four eyes)."""
    return may_sign_merger(task.process.scheme_merger, user)


class MergerFlow(flow.Flow):
    process_class = MergerProcess
    lock_impl = select_for_update_lock
    process_title = _("Scheme merger sign-off")
    process_description = _("Two officers, neither of whom staged the merger, sign its "
                            "reconciliation register; the second signature puts the merged "
                            "roster live.")
    process_summary_template = (
        "{{ process.scheme_merger.name }} · {{ process.scheme_merger.year }} · "
        "{{ process.scheme_merger.get_state_display }}")

    # node                                                          role: next step
    start = flow.StartHandle(this.begin).Next(this.first_sign)  # mergers.create_merger; staging
    # the county director or the committee, then another officer, not the first
    first_sign = (GuardedStep(views.SignTaskView.as_view(), _may_sign)
                  .Permission(SIGN_OFF_PERMISSION)
                  .Annotation(title=_("First signature of the register"))
                  .Next(this.second_sign))
    second_sign = (GuardedStep(views.SignTaskView.as_view(), _may_sign)
                   .Permission(SIGN_OFF_PERMISSION)
                   .Annotation(title=_("Second signature: the roster goes live"))
                   .Next(this.live))
    live = flow.End()  # the merged roster imported in the second signature's transaction

    def has_view_permission(self, user, obj=None):
        """Officers who sign, and whoever reads mergers, open the application."""
        return user.is_authenticated and (user.has_perm(SIGN_OFF_PERMISSION)
                                          or user.has_perm("registry.view_schememerger"))

    def begin(self, activation, merger):
        """Save the process and attach it to the merger, so the sign-off tasks read it."""
        activation.process.save()
        merger.process = activation.process
        merger.save(update_fields=["process"])
        return merger
