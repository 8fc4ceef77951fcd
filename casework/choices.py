"""Enumerations of casework: the states of the national procedure, subjects, actions."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    """Intake -> first review -> second review -> investigation -> decision pending -> closed
    as unfounded, confirmed or referred to the police (issue 8: the national procedure)."""

    INTAKE = "intake", _("Intake")
    FIRST_REVIEW = "first_review", _("First review")
    SECOND_REVIEW = "second_review", _("Second review")
    INVESTIGATION = "investigation", _("Investigation")
    DECISION_PENDING = "decision", _("Decision pending")
    UNFOUNDED = "unfounded", _("Closed: unfounded")
    CONFIRMED = "confirmed", _("Closed: confirmed")
    REFERRED = "police", _("Closed: referred to the police")


OPEN_STATES = (CaseState.INTAKE, CaseState.FIRST_REVIEW, CaseState.SECOND_REVIEW,
               CaseState.INVESTIGATION, CaseState.DECISION_PENDING)
CLOSED_STATES = (CaseState.UNFOUNDED, CaseState.CONFIRMED, CaseState.REFERRED)
FRAUD_FOUND = (CaseState.CONFIRMED, CaseState.REFERRED)


class CaseSubject(models.TextChoices):
    """What a case is about: the fraud subjects, a certificate, or a whole notice when an
    objection names no line of it."""

    CLAIM = "claim", _("Claim")
    PERSON = "person", _("Person")
    CERTIFICATE = "certificate", _("Certificate")
    HOSPITAL = "hospital", _("Hospital")
    REVIEWER = "reviewer", _("Reviewer")
    NOTICE = "notice", _("Public notice")


class CaseAction(models.TextChoices):
    """One row of a case's timeline (casework.models.CaseEvent)."""

    OPENED = "opened", _("Opened")
    ALERT_JOINED = "alert", _("Alert joined")
    OBJECTION_JOINED = "objection", _("Objection joined")
    ADVANCED = "advanced", _("Moved on")
    ASSIGNED = "assigned", _("Assigned")
    REASSIGNED = "reassigned", _("Reassigned")
    NOTE = "note", _("Note")
    EVIDENCE = "evidence", _("Evidence added")
    DECIDED = "decided", _("Decided")
    CONSEQUENCE = "consequence", _("Consequence carried out")


class Debtor(models.TextChoices):
    PERSON = "person", _("Insured person")
    HOSPITAL = "hospital", _("Hospital")
