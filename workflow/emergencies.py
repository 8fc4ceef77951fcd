"""What pages and the API call to report an emergency admission and to review the report
(DOMAIN.md "Referrals and transfers": "the patient is admitted first and the admission is
reported within 3 days; the office reviews the report afterwards").

A report is taken whenever it comes: one filed later than the policy year's
`emergency_report_days` (benefits' policy table, the number the calculator uses, 3 by default)
is stored with `late` set and shown flagged to the office and on the hospital's dashboard. The
office accepts or rejects every report (a task); only an accepted report that was on time
covers the admission's claim (workflow.cover, DOMAIN.md "Precise semantics").
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm
from viewflow.workflow.models import Task

from audit import services as audit
from benefits.services import PolicyMissing, load_policy
from claimdesk.flow_tasks import complete as complete_task
from registry.models import Person
from workflow.models import EmergencyReport
from workflow.referral_flows import EmergencyReviewFlow
from workflow.referrals import hospital_of
from workflow.services import TaskClosed, _open_task as open_task


def report_days(admitted_on: dt.date) -> int:
    """Days the hospital has to report an admission: the admission year's policy value."""
    try:
        return load_policy(admitted_on.year).emergency_report_days
    except PolicyMissing:
        raise ValidationError({"admitted_on": _(
            "No policy tables for %(year)s: an administrator must enter them first.")
            % {"year": admitted_on.year}}) from None


def report_emergency(user, person_id: str, admitted_on: dt.date,
                     diagnosis_code: str) -> EmergencyReport:
    """A hospital administrator reports an admission to their own hospital; the county office
    gets a review task. Raises PermissionDenied, ValidationError naming the field."""
    hospital = hospital_of(user)
    if hospital is None or not user.has_perm("workflow.add_emergencyreport"):
        raise PermissionDenied(_("Only a hospital's administrator reports emergency admissions."))
    now = timezone.now()
    today = timezone.localdate(now)
    errors = {}
    if not Person.objects.filter(pk=person_id).exists():
        errors["person_id"] = _("No insured person has the resident ID %(id)s.") % {
            "id": person_id}
    if admitted_on > today:
        errors["admitted_on"] = _("The admission date %(day)s is in the future.") % {
            "day": admitted_on.isoformat()}
    if not diagnosis_code.strip():
        errors["diagnosis_code"] = _("Give the diagnosis (ICD-10 code).")
    if not errors and EmergencyReport.objects.filter(
            person_id=person_id, hospital_id=hospital, admitted_on=admitted_on).exists():
        errors["admitted_on"] = _("This admission was already reported.")
    if errors:
        raise ValidationError(errors)
    due_on = admitted_on + dt.timedelta(days=report_days(admitted_on))
    with transaction.atomic():
        report = EmergencyReport.objects.create(
            person_id=person_id, hospital_id=hospital, admitted_on=admitted_on,
            diagnosis_code=diagnosis_code.strip(), reported_on=today, due_on=due_on,
            late=today > due_on, reported_by=user, reported_at=now)
        audit.record(user, "workflow.emergency_reported", report, changes={
            "status": ["", report.status], "admitted_on": admitted_on.isoformat(),
            "late": report.late})
        EmergencyReviewFlow.start.run(report=report)
    return report


def review(task_id: int, user, accept: bool, reason: str = "") -> EmergencyReport:
    """The county office's review of a report: accept, or reject with a reason.

    Raises PermissionDenied (not the role), TaskClosed, ValidationError (no reason).
    """
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the report.")})
    process_id = Task.objects.values_list("process_id", flat=True).get(pk=task_id)
    with EmergencyReviewFlow.lock(process_id), transaction.atomic():
        task = open_task(task_id, user)
        if task.flow_task.name != "review":
            raise TaskClosed(_("This task is not an emergency report review."))
        report = EmergencyReport.objects.select_for_update().get(process_id=process_id)
        transition = report.accept if accept else report.reject
        if not has_transition_perm(transition, user):
            raise PermissionDenied(_("Reviewing emergency reports is the county office's task."))
        old = report.status
        transition()
        report.reviewed_by, report.reviewed_at = user, timezone.now()
        report.review_reason = reason.strip()
        report.save()
        audit.record(user, f"workflow.emergency_{report.status}", report,
                     changes={"status": [old, report.status], "late": report.late},
                     reason=reason)
        complete_task(task, user)
    return report
