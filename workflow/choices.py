"""Enumerations of claims, bill lines, referrals, emergency reports and decisions (CONTRACT.md)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimType(models.TextChoices):
    OUTPATIENT = "outpatient", _("Outpatient")
    INPATIENT = "inpatient", _("Inpatient")
    CHRONIC = "chronic", _("Chronic disease")
    SPECIAL_OUTPATIENT = "special_outpatient", _("Special outpatient")
    MATERNITY_PRENATAL = "maternity_prenatal", _("Maternity: prenatal care")
    MATERNITY_DELIVERY = "maternity_delivery", _("Maternity: normal delivery")


class Cause(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    WORK_INJURY = "work_injury", _("Work injury")
    TRAFFIC = "traffic", _("Traffic accident")
    FIGHT = "fight", _("Fighting")
    SUICIDE = "suicide", _("Suicide")
    CRIME = "crime", _("Crime")
    DRUNK = "drunk", _("Drunkenness")
    MALPRACTICE = "malpractice", _("Malpractice")
    OCCUPATIONAL = "occupational", _("Occupational disease")
    OTHER_EXCLUDED = "other_excluded", _("Other excluded cause")


class LineCategory(models.TextChoices):
    DRUG = "drug", _("Drug")
    TCM_DRUG = "tcm_drug", _("Traditional Chinese medicine drug")
    EXAM = "exam", _("Examination")
    TREATMENT = "treatment", _("Treatment")
    TCM_TREATMENT = "tcm_treatment", _("Traditional Chinese medicine treatment")
    SURGERY = "surgery", _("Surgery")
    ANAESTHESIA = "anaesthesia", _("Anaesthesia")
    BED = "bed", _("Bed")
    NURSING = "nursing", _("Nursing")
    MATERIAL = "material", _("Material")
    SPECIAL_EXAM = "special_exam", _("Special examination (MRI and similar)")
    SPECIAL_MATERIAL = "special_material", _("Special material")
    COSMETIC = "cosmetic", _("Cosmetic")
    EXCLUDED_THERAPY = "excluded_therapy", _("Excluded therapy")
    PROSTHESIS = "prosthesis", _("Prosthesis, denture, glasses or hearing aid")
    SELF_USE_DEVICE = "self_use_device", _("Self-use device")
    STD_ADDICTION = "std_addiction", _("STD or addiction treatment")


class ClaimState(models.TextChoices):
    RECEIVED = "received", _("Received")
    CHECKED = "checked", _("Checked")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    APPEALED = "appealed", _("Appealed")
    PAID = "paid", _("Paid")


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


class ReferralUrgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")


class ReferralStanding(models.TextChoices):
    """What a referral means today, for the verification page and the dashboard: the
    recorded status, with an approved referral past its `valid_to` shown as expired even
    before `expire_referrals` has run (workflow.referrals.standing)."""

    PENDING = "pending", _("Awaiting the county office's decision")
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REJECTED = "rejected", _("Rejected")


class EmergencyStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned")


class ReviewLevel(models.IntegerChoices):
    CLERK = 1, _("Clerk")
    TOWNSHIP_LEADER = 2, _("Township supervising leader")
    COUNTY_DIRECTOR = 3, _("County office director")
    COMMITTEE = 4, _("Leading group")


class ClaimAction(models.TextChoices):
    """What happened to a claim, one row of its history (workflow.models.ClaimTransition)."""

    CHECKED = "checked", _("Checked automatically")
    AUTO_APPROVED = "auto_approved", _("Approved automatically")
    AUTO_REJECTED = "auto_rejected", _("Rejected automatically")
    SENT_TO_REVIEW = "sent_to_review", _("Sent to review")
    PASSED = "passed", _("Approved at this level")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for correction")
    RESUBMITTED = "resubmitted", _("Corrected and resubmitted")
    APPEALED = "appealed", _("Appealed")
    PAID = "paid", _("Paid")


class BatchState(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")


class TransferState(models.TextChoices):
    """A scheme transfer (转移接续, DOMAIN.md "Referrals and transfers"): filed, the old office
    confirmed the end of cover, the new office confirmed the start (completed), or refused."""

    REQUESTED = "requested", _("Waiting for the old office")
    END_CONFIRMED = "end_confirmed", _("Waiting for the new office")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")
