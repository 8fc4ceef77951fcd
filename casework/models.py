"""Investigation cases (DOMAIN.md "Fraud and abuse to detect": suspicious items are queued for
investigators; confirmed cases lead to recovery orders, penalties, certificate voiding, or
referral to the police).

A case groups the fraud alerts and notice objections about one subject; at most one case per
subject is open at a time. Its state follows the national procedure, each open state with a
time limit (settings.CASE_TIME_LIMITS) from which its due date is set. Every action is an
append-only CaseEvent in the same transaction (STYLE.md). Money is integer fen.
"""
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from casework.choices import (
    CLOSED_STATES, OPEN_STATES, CaseAction, CaseState, CaseSubject, Debtor,
)
from fraud.choices import Scheme

WORK = "casework.work_case"
"""Investigators: read case content, move cases on, add notes and evidence, decide."""


class Case(ConcurrentTransitionMixin, models.Model):
    subject_type = models.CharField(_("subject type"), max_length=12,
                                    choices=CaseSubject.choices)
    subject_id = models.CharField(_("subject"), max_length=40)
    schemes = models.CharField(_("schemes"), max_length=120, blank=True,
                               help_text=_("Semicolon-separated fraud schemes"))
    priority_fen = models.BigIntegerField(
        _("priority"), help_text=_("Highest alert score x amount at risk, in fen"))
    amount_at_risk_fen = models.BigIntegerField(_("amount at risk (fen)"), default=0)
    township = models.ForeignKey("registry.Township", models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("township"))
    hospital = models.ForeignKey("registry.Hospital", models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("hospital"))
    state = FSMField(_("state"), max_length=16, choices=CaseState.choices,
                     default=CaseState.INTAKE, protected=True)
    state_since = models.DateTimeField(_("in this state since"), default=timezone.now)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                 blank=True, related_name="cases",
                                 verbose_name=_("investigator"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    alerts = models.ManyToManyField("fraud.Alert", related_name="cases",
                                    verbose_name=_("alerts"))
    objections = models.ManyToManyField("notices.Objection", related_name="cases",
                                        verbose_name=_("objections"))

    class Meta:
        ordering = ["-priority_fen", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [("work_case", _("Work investigation cases")),
                       ("assign_case", _("Assign investigation cases"))]
        constraints = [models.UniqueConstraint(
            fields=["subject_type", "subject_id"], condition=Q(closed_at__isnull=True),
            name="case_one_open_per_subject")]
        # The queue: open cases by priority, then filtered (casework.queue). Partial
        # indexes on the open cases, in queue order, so a page is one range scan.
        indexes = [models.Index(fields=[*prefix, "-priority_fen", "id"], name=name,
                                condition=Q(closed_at__isnull=True))
                   for name, prefix in (("case_queue", []), ("case_township", ["township"]),
                                        ("case_hospital", ["hospital"]),
                                        ("case_assignee", ["assignee"]),
                                        ("case_state", ["state"]))]
        indexes.append(models.Index(fields=["subject_id"], name="case_subject"))

    def __str__(self):
        return f"#{self.pk} {self.get_subject_type_display()} {self.subject_id}"

    @property
    def scheme_list(self) -> list[str]:
        return [s for s in self.schemes.split(";") if s]

    @property
    def scheme_names(self) -> str:
        labels = dict(Scheme.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.scheme_list)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.due_on is not None and self.due_on < (today or timezone.localdate())

    # The national procedure (issue 8). Each transition is permission-checked by
    # casework.services before it is called; leaving a state resets its due date there.

    @transition(state, source=CaseState.INTAKE, target=CaseState.FIRST_REVIEW, permission=WORK)
    def accept(self):
        """Taken in: the first review checks the alerts and objections are about fraud."""

    @transition(state, source=CaseState.FIRST_REVIEW, target=CaseState.SECOND_REVIEW,
                permission=WORK)
    def pass_first_review(self):
        """First review found grounds: a second reviewer confirms before investigating."""

    @transition(state, source=CaseState.SECOND_REVIEW, target=CaseState.INVESTIGATION,
                permission=WORK)
    def open_investigation(self):
        """Both reviews agree: evidence is gathered."""

    @transition(state, source=CaseState.INVESTIGATION, target=CaseState.DECISION_PENDING,
                permission=WORK)
    def request_decision(self):
        """The evidence is complete: the case waits for its decision."""

    @transition(state, source=[CaseState.FIRST_REVIEW, CaseState.SECOND_REVIEW,
                               CaseState.INVESTIGATION, CaseState.DECISION_PENDING],
                target=CaseState.UNFOUNDED, permission=WORK)
    def close_unfounded(self):
        """No fraud: closed at any review or after the investigation."""

    @transition(state, source=CaseState.DECISION_PENDING, target=CaseState.CONFIRMED,
                permission=WORK)
    def confirm(self):
        """Fraud confirmed: recovery and penalties are carried out."""

    @transition(state, source=CaseState.DECISION_PENDING, target=CaseState.REFERRED,
                permission=WORK)
    def refer_to_police(self):
        """Fraud confirmed and criminal: consequences carried out and the police informed."""


class CaseEvent(models.Model):
    """Append-only timeline of a case: every action, who, when, the state before and after,
    and the note or reason given (STYLE.md: every state change writes a row)."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="events",
                             verbose_name=_("case"))
    action = models.CharField(_("action"), max_length=12, choices=CaseAction.choices)
    old_state = models.CharField(_("old state"), max_length=16, blank=True,
                                 choices=CaseState.choices)
    new_state = models.CharField(_("new state"), max_length=16, blank=True,
                                 choices=CaseState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    text = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")


class Evidence(models.Model):
    """A file of evidence, kept with its SHA-256 so it can be shown unchanged later."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="evidence",
                             verbose_name=_("case"))
    file = models.FileField(_("file"), upload_to="casework/evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["case", "uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class CaseDecision(models.Model):
    """How a case was closed, and its letter (rendered once, hashed)."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="decision",
                                verbose_name=_("case"))
    outcome = models.CharField(_("outcome"), max_length=16,
                               choices=[(s.value, s.label) for s in CLOSED_STATES])
    fabricated_evidence = models.BooleanField(_("evidence was fabricated"), default=False)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))
    letter = models.BinaryField(_("decision letter (PDF)"), null=True, blank=True,
                                editable=False)
    letter_sha256 = models.CharField(_("SHA-256 of the letter"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("case decision")
        verbose_name_plural = _("case decisions")


class RecoveryOrder(models.Model):
    """Money to pay back to the fund: what was paid on the case's claims (the costs), three
    times that when evidence was fabricated (DOMAIN.md: "Fabricated evidence: 3 x the costs
    as penalty"); amount = refund + penalty."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="recovery_orders",
                             verbose_name=_("case"))
    debtor_type = models.CharField(_("debtor"), max_length=10, choices=Debtor.choices)
    debtor_id = models.CharField(_("debtor ID"), max_length=40)
    debtor_name = models.CharField(_("debtor name"), max_length=100)
    claim_ids = models.TextField(_("claims"), blank=True, help_text=_("Semicolon-separated"))
    costs_fen = models.BigIntegerField(_("costs (fen)"))
    multiplier = models.PositiveSmallIntegerField(_("times the costs"))
    amount_fen = models.BigIntegerField(_("amount to recover (fen)"))
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("recovery order")
        verbose_name_plural = _("recovery orders")

    @property
    def penalty_fen(self) -> int:
        return self.amount_fen - self.costs_fen


class HospitalPenalty(models.Model):
    """A hospital's penalty record: every confirmed case against it, with its penalty."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="hospital_penalties",
                             verbose_name=_("case"))
    hospital = models.ForeignKey("registry.Hospital", models.PROTECT, related_name="+",
                                 verbose_name=_("hospital"))
    penalty_fen = models.BigIntegerField(_("penalty (fen)"))
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["hospital", "recorded_at", "id"]
        verbose_name = _("hospital penalty")
        verbose_name_plural = _("hospital penalties")
