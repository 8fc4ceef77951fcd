"""Enumerations of the benefits tables (values shared with benefits.rules.codes)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from benefits.rules import codes, policy


class ReferralRule(models.TextChoices):
    REJECT = policy.REFERRAL_REJECT, _("Reject the claim")
    CUT = policy.REFERRAL_CUT, _("Cut the ratio by N points")


class CategoryRole(models.TextChoices):
    EXCLUDED = "excluded", _("Excluded from the eligible amount")
    TCM = "tcm", _("Traditional Chinese medicine (ratio bonus)")
    CHRONIC_DRUG = "chronic_drug", _("Counts as chronic-disease drug cost")


class AssessmentDecision(models.TextChoices):
    APPROVED = codes.Decision.APPROVED.value, _("Approved")
    REJECTED = codes.Decision.REJECTED.value, _("Rejected")
