"""The county office's tasks about referrals: one process per referral request (approve or
reject) and one per emergency admission report (review afterwards) (DOMAIN.md "Referrals and
transfers").

The decisions are made by workflow.referrals.decide and workflow.emergencies.review (the one
door); the task views only collect them. Only the county office holds the steps' permissions,
and it sees the whole county, so the steps need no scope check of their own.
"""
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock
from viewflow.workflow.models import Process

from workflow import referral_views as views
from workflow.choices import EmergencyStatus, ReferralStatus


class ReferralProcess(Process):
    """Thin proxy: the domain record is `referral` (a Referral, one per process)."""

    class Meta:
        proxy = True
        verbose_name = _("referral approval process")
        verbose_name_plural = _("referral approval processes")


class EmergencyReviewProcess(Process):
    """Thin proxy: the domain record is `emergency_report` (one per process)."""

    class Meta:
        proxy = True
        verbose_name = _("emergency report review process")
        verbose_name_plural = _("emergency report review processes")


def is_approved(activation) -> bool:
    return activation.process.referral.status == ReferralStatus.APPROVED


def is_accepted(activation) -> bool:
    return activation.process.emergency_report.status == EmergencyStatus.ACCEPTED


class ReferralFlow(flow.Flow):
    process_class = ReferralProcess
    lock_impl = select_for_update_lock
    process_title = _("Referral approval")
    process_description = _("The county office approves or rejects a hospital's referral.")
    process_summary_template = (
        "{{ process.referral.referral_no }} · {{ process.referral.from_hospital.name }} → "
        "{{ process.referral.to_hospital.name }} · {{ process.referral.get_urgency_display }}")

    # node                                                         role: next step
    start = flow.StartHandle(this.begin).Next(this.decide)  # referrals.file_referral
    decide = (flow.View(views.ReferralDecisionView.as_view())  # county office director
              .Permission("workflow.decide_referral")
              .Annotation(title=_("Approve or reject the referral"))
              .Next(this.route))
    route = flow.If(is_approved).Then(this.approved).Else(this.rejected)
    approved = flow.End()  # certificate issued; expire_referrals closes the window
    rejected = flow.End()

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm("workflow.decide_referral")

    def begin(self, activation, referral):
        """Save the process and attach it to the referral, so the step reads it."""
        activation.process.save()
        referral.process = activation.process
        referral.save(update_fields=["process"])
        return referral


class EmergencyReviewFlow(flow.Flow):
    process_class = EmergencyReviewProcess
    lock_impl = select_for_update_lock
    process_title = _("Emergency report review")
    process_description = _("The county office reviews each emergency admission a hospital "
                            "reported.")
    process_summary_template = (
        "{% load i18n %}{{ process.emergency_report.hospital.name }} · "
        "{{ process.emergency_report.admitted_on|date:'Y-m-d' }}"
        "{% if process.emergency_report.late %} · {% translate 'reported late' %}{% endif %}")

    # node                                                         role: next step
    start = flow.StartHandle(this.begin).Next(this.review)  # emergencies.report_emergency
    review = (flow.View(views.EmergencyReviewView.as_view())  # county office director
              .Permission("workflow.review_emergencyreport")
              .Annotation(title=_("Review the emergency admission"))
              .Next(this.route))
    route = flow.If(is_accepted).Then(this.accepted).Else(this.rejected)
    accepted = flow.End()  # covers the admission's claim if it was on time (workflow.cover)
    rejected = flow.End()

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm("workflow.review_emergencyreport")

    def begin(self, activation, report):
        activation.process.save()
        report.process = activation.process
        report.save(update_fields=["process"])
        return report
