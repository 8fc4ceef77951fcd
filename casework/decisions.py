"""Closing a case and carrying out its consequences (DOMAIN.md "Fraud and abuse to detect":
confirmed cases lead to recovery orders, penalties, certificate voiding, or referral to the
police).

One transaction: the case's closing transition, its decision row, then each consequence
through the app that owns it -- the recovery order and hospital penalty here; the certificate
voided by registry.services.void_certificate and the holder's remaining claims of the year
rejected by workflow.services.block_claims (certificate lending); the alerts' outcomes written
by fraud.services.record_outcomes (the fraud model's training labels) -- and the decision
letter rendered and hashed last (casework.letter).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from casework import letter, subjects, timeline
from casework.choices import FRAUD_FOUND, CaseAction, CaseState, CaseSubject, Debtor
from casework.models import WORK, CaseDecision, HospitalPenalty, RecoveryOrder
from casework.procedure import enter, locked
from fraud import services as fraud
from fraud.choices import Outcome, Scheme
from registry import services as registry
from registry.models import Hospital, Person
from workflow import services as workflow
from workflow.choices import ClaimState
from workflow.models import Claim

FABRICATED_MULTIPLIER = 3
"""DOMAIN.md "Inflated bills": fabricated evidence, 3 x the costs as penalty."""

CLOSING = {CaseState.UNFOUNDED: "close_unfounded", CaseState.CONFIRMED: "confirm",
           CaseState.REFERRED: "refer_to_police"}


def paid_fen(claim_ids) -> int:
    """What the fund paid or owes on these claims (approved or paid: reimbursement and
    veterans' supplement as the calculator stored them)."""
    total = Claim.objects.filter(
        pk__in=list(claim_ids), state__in=(ClaimState.APPROVED, ClaimState.PAID)).aggregate(
        fen=Sum(F("assessment__reimbursed_fen") + F("assessment__supplement_fen")))["fen"]
    return total or 0


def recovery_amount(costs_fen: int, fabricated: bool) -> tuple[int, int]:
    """(times the costs, amount to recover): the costs back, three times them when the
    evidence was fabricated (DOMAIN.md)."""
    multiplier = FABRICATED_MULTIPLIER if fabricated else 1
    return multiplier, costs_fen * multiplier


def debtor(case) -> tuple[str, str, str] | None:
    """(kind, ID, name) of who pays back: the hospital for a hospital case or inflated bills,
    else the insured person the case is about; None when there is nobody (a notice)."""
    if case.subject_type == CaseSubject.HOSPITAL or (
            Scheme.INFLATED_BILL in case.scheme_list and case.hospital_id):
        code = case.subject_id if case.subject_type == CaseSubject.HOSPITAL else case.hospital_id
        hospital = Hospital.objects.filter(pk=code).first()
        return (Debtor.HOSPITAL, code, hospital.name) if hospital else None
    person = Person.objects.filter(pk=subjects.person_id(case)).first()
    return (Debtor.PERSON, person.pk, person.name) if person else None


def _recover(case, fabricated: bool, now) -> RecoveryOrder | None:
    who = debtor(case)
    if who is None:
        return None
    claim_ids = subjects.claim_ids(case)
    costs = paid_fen(claim_ids) or case.amount_at_risk_fen
    multiplier, amount = recovery_amount(costs, fabricated)
    return RecoveryOrder.objects.create(
        case=case, debtor_type=who[0], debtor_id=who[1], debtor_name=who[2],
        claim_ids=";".join(claim_ids), costs_fen=costs, multiplier=multiplier,
        amount_fen=amount, issued_at=now)


def _void_and_block(case, actor, reason: str) -> tuple[list[str], list[str]]:
    """Certificate lending: the certificates voided, the holder's remaining claims of the
    year rejected (DOMAIN.md: lender loses rights for the year)."""
    numbers = subjects.certificate_numbers(case)
    for number in numbers:
        registry.void_certificate(number, actor, reason)
    holder = subjects.person_id(case)
    years = [d.year for d in Claim.objects.filter(pk__in=subjects.claim_ids(case)).dates(
        "admitted_on", "year")] or [timezone.localdate().year]
    blocked = workflow.block_claims(holder, max(years), actor, reason) if holder else []
    timeline.record(case, CaseAction.CONSEQUENCE, actor, reason, changes={
        "certificates_voided": numbers, "claims_rejected": blocked})
    return numbers, blocked


def _outcomes(case, fraud_found: bool, dismissed_alerts) -> dict[int, str]:
    dismissed = {int(pk) for pk in dismissed_alerts}
    return {alert_id: (Outcome.CONFIRMED if fraud_found and alert_id not in dismissed
                       else Outcome.DISMISSED)
            for alert_id in case.alerts.values_list("pk", flat=True)}


@transaction.atomic
def decide(case_id: int, actor, outcome: str, reason: str, fabricated: bool = False,
           dismissed_alerts=()) -> CaseDecision:
    """Close a case as unfounded, confirmed or referred to the police, with a reason, and
    carry out what follows. `dismissed_alerts`: alerts of a confirmed case that proved
    unfounded (each alert gets its own outcome)."""
    if outcome not in CLOSING:
        raise ValidationError({"outcome": _("Choose unfounded, confirmed or referred to the "
                                            "police.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the grounds of the decision.")})
    case = locked(case_id)
    close = getattr(case, CLOSING[outcome])
    if not actor.has_perm(WORK):
        raise PermissionDenied(_("Only investigators decide cases."))
    if not can_proceed(close):
        raise ValidationError(_("Case %(case)s cannot be closed so from %(state)s.") % {
            "case": case.pk, "state": case.get_state_display()})
    old = case.state
    close()
    now = timezone.now()
    case.closed_at = now
    fraud_found = outcome in FRAUD_FOUND
    voided = blocked = ()
    enter(case, actor, CaseAction.DECIDED, old, reason, changes={
        "fabricated_evidence": fabricated and fraud_found})
    decision = CaseDecision.objects.create(
        case=case, outcome=outcome, fabricated_evidence=fabricated and fraud_found,
        reason=reason.strip(), decided_by=actor, decided_at=now)
    if fraud_found:
        order = _recover(case, decision.fabricated_evidence, now)
        if order is not None and order.debtor_type == Debtor.HOSPITAL:
            HospitalPenalty.objects.create(case=case, hospital_id=order.debtor_id,
                                           penalty_fen=order.penalty_fen, reason=reason,
                                           recorded_at=now)
        if order is not None:
            timeline.record(case, CaseAction.CONSEQUENCE, actor, _("Recovery order issued"),
                            changes={"recovery_fen": order.amount_fen,
                                     "debtor": [order.debtor_type, order.debtor_id]})
        if (Scheme.CERTIFICATE_LENDING in case.scheme_list
                or case.subject_type == CaseSubject.CERTIFICATE):
            voided, blocked = _void_and_block(
                case, actor, _("Case %(case)s: certificate lending confirmed") % {"case": case.pk})
    fraud.record_outcomes(_outcomes(case, fraud_found, dismissed_alerts), actor)
    decision.letter = letter.render(case, decision, voided, blocked)
    decision.letter_sha256 = letter.sha256(decision.letter)
    decision.save(update_fields=["letter", "letter_sha256"])
    return decision
