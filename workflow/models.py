"""Claims with their bill lines, referrals, reviews, review decisions and payment batches.

Money is stored as integer fen (`*_fen`), exact on SQLite and PostgreSQL alike and ready
for the vectorised calculator (DOMAIN.md: money is exact). States are django-fsm fields with
protected transitions: the only way to change a claim's state is a transition below, each
with its permission, called by workflow.services (the one door every page, API and command
uses); concurrent transitions on one row are refused (ConcurrentTransitionMixin).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from viewflow.workflow.models import Process

from registry.choices import Scheme
from registry.models import Hospital, Person, Township, Village
from workflow.choices import (
    BatchState, Cause, ClaimAction, ClaimState, ClaimType, Decision, EmergencyStatus,
    LineCategory, ReferralStatus, ReferralUrgency, ReviewLevel, TransferState,
)

REVIEW_PERMISSIONS = {level: f"workflow.review_claim_level_{level}" for level in ReviewLevel.values}
"""The permission each approval level's reviewer holds (DOMAIN.md "Approval levels")."""


def may_review(claim, user) -> bool:
    """Transition permission: the user holds the permission of the level whose task is open."""
    review = claim.reviews.filter(next_level__gt=0).order_by("-id").first()
    return review is not None and user.has_perm(REVIEW_PERMISSIONS[review.next_level])


class Claim(ConcurrentTransitionMixin, models.Model):
    claim_id = models.CharField(_("claim ID"), max_length=40, primary_key=True)
    # No index of their own: the (person, admitted_on) and (hospital, admitted_on) indexes
    # serve look-ups by either key, and each index is rebuilt by a year's import (issue 2).
    person = models.ForeignKey(Person, models.PROTECT, related_name="claims",
                               verbose_name=_("person"), db_index=False)
    certificate_no = models.CharField(_("certificate presented"), max_length=32)
    hospital = models.ForeignKey(Hospital, models.PROTECT, related_name="claims",
                                 verbose_name=_("hospital"), db_index=False)
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
    payment_batch = models.ForeignKey("PaymentBatch", models.PROTECT, null=True, blank=True,
                                      related_name="claims", verbose_name=_("payment batch"))

    class Meta:
        ordering = ["admitted_on", "claim_id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [
            ("review_claim_level_1", _("Review claims as township clerk (level 1)")),
            ("review_claim_level_2", _("Sign claims over 1,000 yuan as township leader (level 2)")),
            ("review_claim_level_3",
             _("Approve claims from 15,000 yuan as county director (level 3)")),
            ("review_claim_level_4",
             _("Decide claims from 30,000 yuan as leading group (level 4)")),
            ("appeal_claim", _("Record a claimant's appeal")),
        ]
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

    # Transitions (DOMAIN.md "Approval levels for claims"). Each one's permission is checked
    # by workflow.services with django_fsm.has_transition_perm before it is called; the
    # bulk routing of an import applies `mark_checked`, `approve_automatically` and
    # `reject_automatically` as one UPDATE filtered on the same source state.

    @transition(state, source=ClaimState.RECEIVED, target=ClaimState.CHECKED)
    def mark_checked(self):
        """The calculator's result is stored: the automatic checks are done."""

    @transition(state, source=ClaimState.CHECKED, target=ClaimState.APPROVED)
    def approve_automatically(self):
        """A clean claim of level 0: approved without a person."""

    @transition(state, source=ClaimState.CHECKED, target=ClaimState.REJECTED)
    def reject_automatically(self):
        """The calculator rejected it (reason codes); final unless appealed."""

    @transition(state, source=ClaimState.CHECKED, target=ClaimState.IN_REVIEW)
    def send_to_review(self):
        """The claim needs a person: a review process starts."""

    @transition(state, source=ClaimState.IN_REVIEW, target=ClaimState.IN_REVIEW,
                permission=may_review)
    def pass_level(self):
        """Approved at one level, more levels to go."""

    @transition(state, source=[ClaimState.IN_REVIEW, ClaimState.APPEALED],
                target=ClaimState.APPROVED,
                permission=may_review)
    def approve(self):
        """The last level (or the appeal's reviewer) approved."""

    @transition(state, source=[ClaimState.IN_REVIEW, ClaimState.APPEALED],
                target=ClaimState.REJECTED,
                permission=may_review)
    def reject(self):
        """A reviewer rejected it, with a reason."""

    @transition(state, source=[ClaimState.RECEIVED, ClaimState.CHECKED, ClaimState.IN_REVIEW,
                               ClaimState.RETURNED, ClaimState.APPEALED],
                target=ClaimState.REJECTED, permission="registry.change_certificate")
    def block(self):
        """The certificate was voided for lending (casework): the holder's undecided claims
        of the year are rejected (DOMAIN.md: no right to reimbursement for the rest of the
        policy year), by whoever may void certificates."""

    @transition(state, source=ClaimState.IN_REVIEW, target=ClaimState.RETURNED,
                permission=may_review)
    def return_for_correction(self):
        """A reviewer sent it back for correction."""

    @transition(state, source=ClaimState.RETURNED, target=ClaimState.IN_REVIEW,
                permission="workflow.change_claim")
    def resubmit(self):
        """Corrected: the review starts again at its first level."""

    @transition(state, source=ClaimState.REJECTED, target=ClaimState.APPEALED,
                permission="workflow.appeal_claim")
    def appeal(self):
        """The claimant appealed (once): reviewed one level up."""

    @transition(state, source=ClaimState.APPROVED, target=ClaimState.PAID,
                permission="workflow.pay_batch")
    def pay(self):
        """Paid in a payment batch; a paid claim never changes again."""


class ClaimReview(models.Model):
    """One review of a claim by people: the domain record of one ClaimFlow process.

    A claim has at most two: its review and, after a rejection, one appeal (DOMAIN.md: "a
    rejected claimant may appeal once"). `next_level` is the level whose task is open (0 once
    decided); `top_level` is the last level the approval matrix requires; `due_on` is the
    payment deadline of claims over 1,000 yuan (DOMAIN.md: paid within 7 days of submission).
    """

    claim = models.ForeignKey(Claim, models.PROTECT, related_name="reviews",
                              verbose_name=_("claim"))
    process = models.OneToOneField(Process, models.PROTECT, related_name="claim_review",
                                   verbose_name=_("process"))
    is_appeal = models.BooleanField(_("appeal"), default=False)
    flagged = models.BooleanField(_("flagged for fraud"), default=False)
    first_level = models.PositiveSmallIntegerField(_("first level"), choices=ReviewLevel.choices)
    top_level = models.PositiveSmallIntegerField(_("last level"), choices=ReviewLevel.choices)
    next_level = models.PositiveSmallIntegerField(_("level now reviewing"), default=0)
    due_on = models.DateField(_("payment due on"), null=True, blank=True)
    township = models.ForeignKey("registry.Township", models.PROTECT,
                                 verbose_name=_("township"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("claim review")
        verbose_name_plural = _("claim reviews")
        constraints = [models.UniqueConstraint(fields=["claim", "is_appeal"],
                                               name="claim_review_once_and_one_appeal")]
        indexes = [models.Index(fields=["township", "next_level"])]

    def __str__(self):
        return f"{self.claim_id} ({_('appeal') if self.is_appeal else _('review')})"


class ClaimTransition(models.Model):
    """Append-only history of a claim's states: old, new, level, actor, reason, when
    (STYLE.md: every state change writes a row in the same transaction)."""

    claim = models.ForeignKey(Claim, models.PROTECT, related_name="transitions",
                              verbose_name=_("claim"))
    review = models.ForeignKey(ClaimReview, models.PROTECT, null=True, blank=True,
                               related_name="transitions", verbose_name=_("review"))
    action = models.CharField(_("action"), max_length=24, choices=ClaimAction.choices)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    old_state = models.CharField(_("old state"), max_length=12, choices=ClaimState.choices)
    new_state = models.CharField(_("new state"), max_length=12, choices=ClaimState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="claim_transitions", verbose_name=_("by"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["claim", "at", "id"]
        verbose_name = _("claim transition")
        verbose_name_plural = _("claim transitions")
        indexes = [models.Index(fields=["claim", "actor"])]


class PaymentBatch(ConcurrentTransitionMixin, models.Model):
    """Approved claims paid together by the accountant; paid exactly once (DOMAIN.md
    "Payment")."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                   related_name="payment_batches", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"))
    state = FSMField(_("state"), max_length=8, choices=BatchState.choices,
                     default=BatchState.OPEN, protected=True)
    total_fen = models.BigIntegerField(_("total (fen)"), default=0)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                blank=True, related_name="paid_batches", verbose_name=_("paid by"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        permissions = [("pay_batch", _("Pay a payment batch"))]

    def __str__(self):
        return f"#{self.pk}"

    @transition(state, source=BatchState.OPEN, target=BatchState.PAID,
                permission="workflow.pay_batch")
    def pay(self):
        """Paid: never again."""


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
    """A referral to a higher-level or out-of-county hospital (DOMAIN.md: 转诊转院).

    Filed by the sending hospital's administrator (workflow.referrals.file_referral), decided
    by the county office (ReferralFlow); imported rows (referrals.csv) carry only the contract
    columns. `referral_no` is the contract key that claims cite, so a request gets its number
    when it is filed (the hospital tracks it by that number); the number covers claims only
    once the referral is approved, with its validity window. `code` is the short code printed
    on the certificate and resolved by the public verification page.
    """

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
    reason = models.TextField(_("reason for referral"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=8, choices=ReferralUrgency.choices,
                               default=ReferralUrgency.ROUTINE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="referrals_requested",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="referrals_decided",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason for the decision"), max_length=300,
                                       blank=True)
    code = models.CharField(_("verification code"), max_length=12, unique=True, null=True,
                            blank=True)
    certificate_pdf = models.BinaryField(_("certificate (PDF)"), null=True, blank=True,
                                         editable=False)
    certificate_sha256 = models.CharField(_("SHA-256 of the certificate"), max_length=64,
                                          blank=True)
    process = models.OneToOneField(Process, models.PROTECT, null=True, blank=True,
                                   related_name="referral", verbose_name=_("process"))

    class Meta:
        ordering = ["referral_no"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["person", "to_hospital"]),
                   models.Index(fields=["status", "valid_to"])]
        permissions = [("decide_referral", _("Approve or reject referrals"))]

    def __str__(self):
        return self.referral_no

    # Transitions (DOMAIN.md "Referrals and transfers"), called by workflow.referrals only.

    @transition(status, source=ReferralStatus.REQUESTED, target=ReferralStatus.APPROVED,
                permission="workflow.decide_referral")
    def approve(self):
        """The county office approved: a validity window and a certificate follow."""

    @transition(status, source=ReferralStatus.REQUESTED, target=ReferralStatus.REJECTED,
                permission="workflow.decide_referral")
    def reject(self):
        """The county office rejected it, with a reason."""

    @transition(status, source=ReferralStatus.APPROVED, target=ReferralStatus.EXPIRED)
    def expire(self):
        """Past its `valid_to` (the daily `expire_referrals` command, nobody's decision)."""


class EmergencyReport(ConcurrentTransitionMixin, models.Model):
    """An emergency admission reported by the admitting hospital (DOMAIN.md: "the patient is
    admitted first and the admission is reported within 3 days; the office reviews the report
    afterwards"). One report per admission (person, hospital, day). `late` is fixed when the
    report is filed: reported more than the policy year's `emergency_report_days` after
    admission. An accepted report covers the admission's claim when it was on time
    (workflow.referrals.emergency_reports, DOMAIN.md "Precise semantics")."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="emergency_reports",
                               verbose_name=_("patient"))
    hospital = models.ForeignKey(Hospital, models.PROTECT, related_name="emergency_reports",
                                 verbose_name=_("hospital"))
    admitted_on = models.DateField(_("admitted on"))
    diagnosis_code = models.CharField(_("diagnosis (ICD-10)"), max_length=16)
    reported_on = models.DateField(_("reported on"))
    due_on = models.DateField(_("report due by"))
    late = models.BooleanField(_("reported late"), default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                    related_name="emergency_reports",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"))
    status = FSMField(_("status"), max_length=10, choices=EmergencyStatus.choices,
                      default=EmergencyStatus.REPORTED, protected=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="emergency_reviews",
                                    verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.CharField(_("reason for the decision"), max_length=300, blank=True)
    process = models.OneToOneField(Process, models.PROTECT, null=True, blank=True,
                                   related_name="emergency_report", verbose_name=_("process"))

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("emergency report")
        verbose_name_plural = _("emergency reports")
        permissions = [("review_emergencyreport", _("Review emergency admission reports"))]
        constraints = [
            models.UniqueConstraint(fields=["person", "hospital", "admitted_on"],
                                    name="emergency_report_once_per_admission"),
            models.CheckConstraint(condition=models.Q(admitted_on__lte=models.F("reported_on")),
                                   name="emergency_reported_after_admission"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.person_id} {self.admitted_on}"

    @transition(status, source=EmergencyStatus.REPORTED, target=EmergencyStatus.ACCEPTED,
                permission="workflow.review_emergencyreport")
    def accept(self):
        """The county office accepted the emergency admission."""

    @transition(status, source=EmergencyStatus.REPORTED, target=EmergencyStatus.REJECTED,
                permission="workflow.review_emergencyreport")
    def reject(self):
        """The county office rejected it (not an emergency), with a reason."""


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


TRANSFER_PERMISSION = "workflow.confirm_schemetransfer"


def acts_for_office(user, township_id: str | None) -> bool:
    """May `user` confirm for this side of a transfer? A township's own staff holding the
    permission act for it; an office outside the county (township_id None) is answered by
    county-wide staff, who record the other county's letter (SchemeTransfer docstring)."""
    if not user.is_authenticated or not user.has_perm(TRANSFER_PERMISSION):
        return False
    if user.is_superuser:
        return True
    profile = getattr(user, "staff", None)
    if profile is None:
        return False
    return profile.is_county_wide if township_id is None else profile.township_id == township_id


def may_act_on_transfer(transfer, user) -> bool:
    """Transition permission: the office whose turn it is (old, then new)."""
    return acts_for_office(user, transfer.office_to_act)


class SchemeTransfer(ConcurrentTransitionMixin, models.Model):
    """A person's cover moving from one scheme or county to another (转移接续, DOMAIN.md
    "Referrals and transfers"): the old office confirms the last day of cover, the new office
    the first day, which must be exactly the next day (no gap, no overlap).

    How "another county" is represented: each side is either a township of this county
    (`old_township` / `new_township`, whose staff act for it and see the transfer) or an office
    outside the county named in `old_county` / `new_county` (free text: the county and its
    office, as its letter names it). The outside office is not a user of ClaimDesk: its
    confirmation arrives as a letter, and county-wide staff holding the permission record it
    (registry.scope: they see every transfer). Cover is changed in the registry only for the
    in-county sides (registry.services.transfer_cover); an outside side is recorded here only.
    Moving between two townships within one scheme is a change of address, not a transfer:
    the fund is pooled county-wide, so a transfer inside the county changes the scheme.
    """

    person = models.ForeignKey(Person, models.PROTECT, related_name="scheme_transfers",
                               verbose_name=_("person"))
    from_scheme = models.CharField(_("from scheme"), max_length=24, choices=Scheme.choices)
    to_scheme = models.CharField(_("to scheme"), max_length=24, choices=Scheme.choices)
    old_township = models.ForeignKey(Township, models.PROTECT, null=True, blank=True,
                                     related_name="transfers_out",
                                     verbose_name=_("old office (township)"))
    old_county = models.CharField(_("old office outside the county"), max_length=100,
                                  blank=True)
    new_township = models.ForeignKey(Township, models.PROTECT, null=True, blank=True,
                                     related_name="transfers_in",
                                     verbose_name=_("new office (township)"))
    new_village = models.ForeignKey(Village, models.PROTECT, null=True, blank=True,
                                    verbose_name=_("new village"))
    new_county = models.CharField(_("new office outside the county"), max_length=100,
                                  blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    state = FSMField(_("state"), max_length=16, choices=TransferState.choices,
                     default=TransferState.REQUESTED, protected=True)
    end_date = models.DateField(_("last day of old cover"), null=True, blank=True)
    start_date = models.DateField(_("first day of new cover"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                 related_name="+", verbose_name=_("filed by"))
    filed_at = models.DateTimeField(_("filed at"))
    end_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("end confirmed by"))
    start_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                           null=True, blank=True, related_name="+",
                                           verbose_name=_("start confirmed by"))
    refusal = models.CharField(_("reason refused"), max_length=300, blank=True)
    process = models.OneToOneField(Process, models.PROTECT, null=True, blank=True,
                                   related_name="scheme_transfer", verbose_name=_("process"))

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("scheme transfer")
        verbose_name_plural = _("scheme transfers")
        permissions = [("confirm_schemetransfer",
                        _("Confirm the end or start of cover in a scheme transfer"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(old_township__isnull=False) | ~models.Q(old_county=""),
                name="transfer_old_office_named"),
            models.CheckConstraint(
                condition=models.Q(new_township__isnull=False) | ~models.Q(new_county=""),
                name="transfer_new_office_named"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.person_id}"

    @property
    def office_to_act(self) -> str | None:
        """The township whose turn it is (None: the office outside the county)."""
        if self.state == TransferState.REQUESTED:
            return self.old_township_id
        return self.new_township_id

    @property
    def old_office(self) -> str:
        return str(self.old_township) if self.old_township_id else self.old_county

    @property
    def new_office(self) -> str:
        return str(self.new_township) if self.new_township_id else self.new_county

    @transition(state, source=TransferState.REQUESTED, target=TransferState.END_CONFIRMED,
                permission=may_act_on_transfer)
    def confirm_end(self):
        """The old office confirmed the last day of cover."""

    @transition(state, source=TransferState.END_CONFIRMED, target=TransferState.COMPLETED,
                permission=may_act_on_transfer)
    def confirm_start(self):
        """The new office confirmed the first day: the registry's cover is moved."""

    @transition(state, source=[TransferState.REQUESTED, TransferState.END_CONFIRMED],
                target=TransferState.REFUSED, permission=may_act_on_transfer)
    def refuse(self):
        """The office whose turn it is refused the transfer, with a reason."""
