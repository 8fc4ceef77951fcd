"""What a case's subject points at in the registry and the claims: its township and hospital
(the queue's filters), the claims it concerns, the holder and certificate it may void.

Read-only look-ups; every change to those rows goes through the owning app's services.
"""
from __future__ import annotations

from casework.choices import CaseSubject
from registry.choices import CertificateStatus
from registry.models import Certificate, Hospital, Person, StaffProfile
from workflow.models import Claim


def place_of(subject_type: str, subject_id: str) -> tuple[str | None, str | None]:
    """(township code, hospital code) of a subject, either None when it has none."""
    if subject_type == CaseSubject.CLAIM:
        row = Claim.objects.filter(pk=subject_id).values_list(
            "person__household__township_id", "hospital_id").first()
    elif subject_type == CaseSubject.PERSON:
        row = Person.objects.filter(pk=subject_id).values_list(
            "household__township_id", "pk").first()
        row = row and (row[0], None)
    elif subject_type == CaseSubject.CERTIFICATE:
        row = Certificate.objects.filter(pk=subject_id).values_list(
            "person__household__township_id", "pk").first()
        row = row and (row[0], None)
    elif subject_type == CaseSubject.HOSPITAL:
        row = Hospital.objects.filter(pk=subject_id).values_list("township_id", "code").first()
    elif subject_type == CaseSubject.REVIEWER:
        row = StaffProfile.objects.filter(user__username=subject_id).values_list(
            "township_id", "hospital_id").first()
    else:  # a notice: its township
        from notices.models import Notice

        row = Notice.objects.filter(pk=subject_id).values_list("township_id", "pk").first()
        row = row and (row[0], None)
    return tuple(row) if row else (None, None)


def claim_ids(case) -> list[str]:
    """The claims a case concerns: its subject claim, the claims its alerts are about or
    name (another claim of the same scheme), the claims of the notice lines objected to."""
    ids = [case.subject_id] if case.subject_type == CaseSubject.CLAIM else []
    for alert in case.alerts.all():
        if alert.subject_type == CaseSubject.CLAIM:
            ids.append(alert.subject_id)
        ids += [params["other_claim"] for _r, _s, params in alert.reasons
                if isinstance(params, dict) and params.get("other_claim")]
    for objection in case.objections.all():
        if objection.line_no is not None:
            ids += list(objection.notice.lines.filter(line_no=objection.line_no)
                        .values_list("claim_id", flat=True))
    return list(dict.fromkeys(ids))


def person_id(case) -> str | None:
    """The insured person a case is about: the subject, the certificate's holder, or the
    patient of its first claim."""
    if case.subject_type == CaseSubject.PERSON:
        return case.subject_id
    if case.subject_type == CaseSubject.CERTIFICATE:
        return Certificate.objects.filter(pk=case.subject_id).values_list(
            "person_id", flat=True).first()
    ids = claim_ids(case)
    return Claim.objects.filter(pk__in=ids).order_by("admitted_on", "pk").values_list(
        "person_id", flat=True).first() if ids else None


def certificate_numbers(case) -> list[str]:
    """Certificates a lending case voids: the subject certificate, the certificates
    presented on its claims, else the person's certificates that are still valid."""
    if case.subject_type == CaseSubject.CERTIFICATE:
        return [case.subject_id]
    presented = sorted(set(Claim.objects.filter(pk__in=claim_ids(case)).values_list(
        "certificate_no", flat=True)))
    if presented:
        return presented
    holder = person_id(case)
    return list(Certificate.objects.filter(
        person_id=holder, status=CertificateStatus.VALID).values_list(
        "number", flat=True)) if holder else []
