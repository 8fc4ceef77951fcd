"""The notice review flow: one process per notice (DOMAIN.md "Monthly public notices":
draft -> supervision committee review -> approved, or sent back with comments). An approved
notice is published by its NOTICE_PDFS job once its PDF is rendered (notices.publication), so
the flow ends at approval; nobody has a task while the PDF renders.

The decisions are made by notices.services.review and .revise (the one door); the task views
only collect them. Publication opens the objection window; closing it is a command
(close_notice_windows), not a task, as nobody has to act.
"""
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock
from viewflow.workflow.models import Process

from claimdesk.flow_steps import GuardedStep
from notices import views
from notices.choices import NoticeState
from registry.scope import is_visible


class NoticeProcess(Process):
    """Thin proxy: the domain record is `notice` (a Notice, one per process)."""

    class Meta:
        proxy = True
        verbose_name = _("notice review process")
        verbose_name_plural = _("notice review processes")


def in_scope(user, task) -> bool:
    """Steps are offered only to who can see the notice (a township's supervision committee
    member sees only that township's notices)."""
    return is_visible(user, task.process.notice)


def is_approved(activation) -> bool:
    """Approved: being rendered by its job, or already published (notices.publication)."""
    return activation.process.notice.state in (NoticeState.RENDERING, NoticeState.PUBLISHED)


class NoticeFlow(flow.Flow):
    process_class = NoticeProcess
    lock_impl = select_for_update_lock
    process_title = _("Public notice review")
    process_description = _("The supervision committee approves each monthly public notice or "
                            "sends it back with comments.")

    # node                                                         role: next step
    start = flow.StartHandle(this.begin).Next(this.review)  # services.build_month / erratum
    review = (GuardedStep(views.ReviewNoticeView.as_view(), in_scope)  # supervision committee
              .Permission("notices.review_notice").Next(this.route))
    route = flow.If(is_approved).Then(this.published).Else(this.revise)
    revise = (GuardedStep(views.ReviseNoticeView.as_view(), in_scope)  # township clerk rebuilds it
              .Permission("notices.change_notice").Next(this.review))
    published = flow.End()  # PDF job publishes; objections until services.close_expired

    def has_view_permission(self, user, obj=None):
        """One process (its page, chart and task pages) only for who may see its notice."""
        return super().has_view_permission(user, obj) and (
            obj is None or is_visible(user, obj.notice))

    def begin(self, activation, notice):
        """Save the process and attach it to the notice, so the steps read it."""
        activation.process.save()
        notice.process = activation.process
        notice.save(update_fields=["process"])
        return notice
