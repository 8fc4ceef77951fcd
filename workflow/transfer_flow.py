"""The scheme transfer flow: one process per transfer (转移接续, DOMAIN.md "Referrals and
transfers"): the old office confirms the last day of cover, then the new office the first day.

Each step is offered only to the office whose turn it is (workflow.models.acts_for_office: a
township's own staff, or county-wide staff for an office outside the county). The decisions
are made by workflow.transfers (the one door); the task views only collect them.
"""
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock
from viewflow.workflow.models import Process

from claimdesk.flow_steps import GuardedStep
from registry.scope import is_visible
from workflow import transfer_views as views
from workflow.choices import TransferState
from workflow.models import TRANSFER_PERMISSION, acts_for_office


class TransferProcess(Process):
    """Thin proxy: the domain record is `scheme_transfer` (a SchemeTransfer)."""

    class Meta:
        proxy = True
        verbose_name = _("scheme transfer process")
        verbose_name_plural = _("scheme transfer processes")


def _office_turn(user, task) -> bool:
    """A confirmation is offered only to the office whose turn it is."""
    return acts_for_office(user, task.process.scheme_transfer.office_to_act)


def is_refused(activation) -> bool:
    return activation.process.scheme_transfer.state == TransferState.REFUSED


class TransferFlow(flow.Flow):
    process_class = TransferProcess
    lock_impl = select_for_update_lock
    process_title = _("Scheme transfers")
    process_description = _("The old office confirms the end of cover, the new office its "
                            "start, the next day.")

    # node                                                        role: next step
    start = flow.StartHandle(this.begin).Next(this.confirm_end)  # transfers.file_transfer
    confirm_end = (GuardedStep(views.ConfirmEndView.as_view(), _office_turn)  # old office's clerk
                   .Permission(TRANSFER_PERMISSION)
                   .Annotation(title=_("Confirm the end of cover"))
                   .Next(this.after_end))
    after_end = flow.If(is_refused).Then(this.refused).Else(this.confirm_start)
    # the new office's clerk
    confirm_start = (GuardedStep(views.ConfirmStartView.as_view(), _office_turn)
                     .Permission(TRANSFER_PERMISSION)
                     .Annotation(title=_("Confirm the start of cover"))
                     .Next(this.after_start))
    after_start = flow.If(is_refused).Then(this.refused).Else(this.completed)
    completed = flow.End()  # cover moved in the registry
    refused = flow.End()

    def has_view_permission(self, user, obj=None):
        """Staff who read transfers open the application; one process only in scope."""
        if not user.is_authenticated or not user.has_perm("workflow.view_schemetransfer"):
            return False
        return obj is None or is_visible(user, obj.scheme_transfer)

    def begin(self, activation, transfer):
        """Save the process and attach it to the transfer, so the steps read it."""
        activation.process.save()
        transfer.process = activation.process
        transfer.save(update_fields=["process"])
        return transfer
