"""Claims with their bill lines, referrals and review decisions.

Money is stored as integer fen (`*_fen`), exact on SQLite and PostgreSQL alike and ready
for the vectorised calculator (DOMAIN.md: money is exact). States are django-fsm fields;
their transitions are added with the flows that drive them, and concurrent
transitions on one row are refused (ConcurrentTransitionMixin).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from registry.models import Hospital, Person
from workflow.choices import (
    Cause, ClaimState, ClaimType, Decision, LineCategory, ReferralStatus, ReviewLevel,
)


class Claim(ConcurrentTransitionMixin, models.Model):
    claim_id = models.CharField(_("claim ID"), max_length=40, primary_key=True)
    person = models.ForeignKey(Person, models.PROTECT, related_name="claims",
                               verbose_name=_("person"))
    certificate_no = models.CharField(_("certificate presented"), max_length=32)
    hospital = models.ForeignKey(Hospital, models.PROTECT, related_name="claims",
                                 verbose_name=_("hospital"))
    claim_type = models.CharField(_("claim type"), max_length=24, choices=ClaimType.choices)
    admitted_on = models.DateField(_("admitted on"))
    discharged_on = models.DateField(_("discharged on"))
    diagnosis_code = models.CharField(_("diagnosis (ICD-10)"), max_length=16)
    chronic_disease = models.CharField(_("chronic disease"), max_length=20, blank=True)
    cause = models.CharField(_("cause"), max_length=16, choices=Cause.choices,
                             default=Cause.ILLNESS)
    referral_no = models.CharField(_("referral number"), max_length=40, blank=True)
    emergency_reported_on = models.DateField(_("emergency reported on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="entered_claims",
                                   verbose_name=_("entered by"))
    total_fen = models.BigIntegerField(_("total billed (fen)"), default=0)
    state = FSMField(_("state"), max_length=12, choices=ClaimState.choices,
                     default=ClaimState.RECEIVED, protected=True)

    class Meta:
        ordering = ["admitted_on", "claim_id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(condition=models.Q(admitted_on__lte=models.F("discharged_on")),
                                   name="claim_dates_ordered"),
        ]
        indexes = [
            models.Index(fields=["person", "admitted_on"]),
            models.Index(fields=["hospital", "admitted_on"]),
            models.Index(fields=["state"]),
        ]

    def __str__(self):
        return self.claim_id


class BillLine(models.Model):
    claim = models.ForeignKey(Claim, models.CASCADE, related_name="lines",
                              verbose_name=_("claim"))
    line_no = models.PositiveIntegerField(_("line number"))
    category = models.CharField(_("category"), max_length=20, choices=LineCategory.choices)
    item_code = models.CharField(_("item code"), max_length=32)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_price_fen = models.BigIntegerField(_("unit price (fen)"))
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    in_catalogue = models.BooleanField(_("in catalogue"))
    service_date = models.DateField(_("service date"))

    class Meta:
        ordering = ["claim", "line_no"]
        verbose_name = _("bill line")
        verbose_name_plural = _("bill lines")
        constraints = [models.UniqueConstraint(fields=["claim", "line_no"],
                                               name="bill_line_claim_line_no")]


class Referral(ConcurrentTransitionMixin, models.Model):
    """A referral to a higher-level or out-of-county hospital (DOMAIN.md: 转诊转院)."""

    referral_no = models.CharField(_("referral number"), max_length=40, primary_key=True)
    person = models.ForeignKey(Person, models.PROTECT, related_name="referrals",
                               verbose_name=_("patient"))
    from_hospital = models.ForeignKey(Hospital, models.PROTECT, related_name="referrals_out",
                                      verbose_name=_("from hospital"))
    to_hospital = models.ForeignKey(Hospital, models.PROTECT, related_name="referrals_in",
                                    verbose_name=_("to hospital"))
    diagnosis_code = models.CharField(_("diagnosis (ICD-10)"), max_length=16)
    status = FSMField(_("status"), max_length=12, choices=ReferralStatus.choices,
                      default=ReferralStatus.REQUESTED, protected=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["referral_no"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["person", "to_hospital"])]

    def __str__(self):
        return self.referral_no


class ReviewDecision(models.Model):
    """One level's decision on a claim (CONTRACT.md decisions.csv)."""

    claim = models.ForeignKey(Claim, models.PROTECT, related_name="decisions",
                              verbose_name=_("claim"))
    level = models.PositiveSmallIntegerField(_("level"), choices=ReviewLevel.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                   related_name="review_decisions", verbose_name=_("decided by"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_at = models.DateTimeField(_("decided at"))
    paid_amount_fen = models.BigIntegerField(_("amount paid (fen)"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["claim", "level", "decided_at"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [models.UniqueConstraint(fields=["claim", "level"],
                                               name="review_decision_claim_level")]
