"""Policy tables per policy year, and each claim's stored assessment.

Every rule value of DOMAIN.md "Reimbursement rules" is a row or field here (no rule number
lives in code); migration 0002 seeds 2024-2026 from benefits/policy_defaults.json and
administrators edit them in the admin. Money is integer fen, shares are whole percents.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from benefits.choices import AssessmentDecision, CategoryRole, ReferralRule
from registry.choices import HospitalLevel, Tier, VeteranCategory
from workflow.choices import Cause, LineCategory


class PolicyYear(models.Model):
    year = models.PositiveSmallIntegerField(_("policy year"), primary_key=True)
    tcm_bonus_points = models.PositiveSmallIntegerField(_("TCM ratio bonus (points)"))
    minor_age = models.PositiveSmallIntegerField(_("minor under age"))
    chronic_percent = models.PositiveSmallIntegerField(_("chronic drug share (%)"))
    chronic_max_level = models.PositiveSmallIntegerField(_("chronic: highest hospital level"))
    special_min_level = models.PositiveSmallIntegerField(
        _("special outpatient: lowest hospital level"))
    special_cap_fen = models.BigIntegerField(_("special outpatient annual cap (fen)"))
    prenatal_fen = models.BigIntegerField(_("prenatal care fixed amount (fen)"))
    delivery_fen = models.BigIntegerField(_("normal delivery fixed amount (fen)"))
    approval_level2_over_fen = models.BigIntegerField(_("township leader signs over (fen)"))
    approval_level3_from_fen = models.BigIntegerField(_("county director from (fen)"))
    approval_level4_from_fen = models.BigIntegerField(_("leading group from (fen)"))
    referral_rule = models.CharField(_("claim without referral"), max_length=8,
                                     choices=ReferralRule.choices, default=ReferralRule.REJECT)
    referral_level = models.PositiveSmallIntegerField(_("referral needed from level"))
    referral_cut_points = models.PositiveSmallIntegerField(_("ratio cut without referral (points)"))
    emergency_report_days = models.PositiveSmallIntegerField(_("emergency report within (days)"))
    referral_validity_days = models.PositiveSmallIntegerField(
        _("referral valid for (days)"),
        help_text=_("From the day of approval, that day included; used by the referrals "
                    "approved while this policy year is the latest in force."))

    class Meta:
        ordering = ["year"]
        verbose_name = _("policy year")
        verbose_name_plural = _("policy years")

    def __str__(self):
        return str(self.year)


class LevelRule(models.Model):
    policy = models.ForeignKey(PolicyYear, models.CASCADE, related_name="levels",
                               verbose_name=_("policy year"))
    level = models.PositiveSmallIntegerField(_("hospital level"), choices=HospitalLevel.choices)
    deductible_fen = models.BigIntegerField(_("inpatient deductible (fen)"))
    bed_cap_fen = models.BigIntegerField(_("bed fee cap per day (fen)"))

    class Meta:
        ordering = ["policy", "level"]
        verbose_name = _("level rule")
        verbose_name_plural = _("level rules")
        constraints = [models.UniqueConstraint(fields=["policy", "level"],
                                               name="level_rule_policy_level")]


class TierRule(models.Model):
    policy = models.ForeignKey(PolicyYear, models.CASCADE, related_name="tiers",
                               verbose_name=_("policy year"))
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    household_account_fen = models.BigIntegerField(_("household account per person (fen)"))
    inpatient_cap_adult_fen = models.BigIntegerField(_("inpatient annual cap, adult (fen)"))
    inpatient_cap_minor_fen = models.BigIntegerField(_("inpatient annual cap, minor (fen)"))
    chronic_cap_fen = models.BigIntegerField(_("chronic annual cap (fen)"))
    special_outpatient = models.BooleanField(_("special outpatient covered"))

    class Meta:
        ordering = ["policy", "tier"]
        verbose_name = _("tier rule")
        verbose_name_plural = _("tier rules")
        constraints = [models.UniqueConstraint(fields=["policy", "tier"],
                                               name="tier_rule_policy_tier")]


class RatioRule(models.Model):
    policy = models.ForeignKey(PolicyYear, models.CASCADE, related_name="ratios",
                               verbose_name=_("policy year"))
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    level = models.PositiveSmallIntegerField(_("hospital level"), choices=HospitalLevel.choices)
    ratio_percent = models.PositiveSmallIntegerField(_("reimbursement ratio (%)"))

    class Meta:
        ordering = ["policy", "tier", "level"]
        verbose_name = _("ratio rule")
        verbose_name_plural = _("ratio rules")
        constraints = [models.UniqueConstraint(fields=["policy", "tier", "level"],
                                               name="ratio_rule_policy_tier_level")]


class CategoryRule(models.Model):
    policy = models.ForeignKey(PolicyYear, models.CASCADE, related_name="categories",
                               verbose_name=_("policy year"))
    category = models.CharField(_("bill line category"), max_length=20,
                                choices=LineCategory.choices)
    role = models.CharField(_("role"), max_length=16, choices=CategoryRole.choices)

    class Meta:
        ordering = ["policy", "role", "category"]
        verbose_name = _("category rule")
        verbose_name_plural = _("category rules")
        constraints = [models.UniqueConstraint(fields=["policy", "category", "role"],
                                               name="category_rule_policy_category_role")]


class ExcludedCause(models.Model):
    policy = models.ForeignKey(PolicyYear, models.CASCADE, related_name="excluded_causes",
                               verbose_name=_("policy year"))
    cause = models.CharField(_("cause"), max_length=16, choices=Cause.choices)

    class Meta:
        ordering = ["policy", "cause"]
        verbose_name = _("excluded cause")
        verbose_name_plural = _("excluded causes")
        constraints = [models.UniqueConstraint(fields=["policy", "cause"],
                                               name="excluded_cause_policy_cause")]


class VeteranRate(models.Model):
    policy = models.ForeignKey(PolicyYear, models.CASCADE, related_name="veteran_rates",
                               verbose_name=_("policy year"))
    category = models.CharField(_("veteran category"), max_length=24,
                                choices=VeteranCategory.choices)
    rate_percent = models.PositiveSmallIntegerField(_("supplement rate (%)"))

    class Meta:
        ordering = ["policy", "category"]
        verbose_name = _("veterans' supplement rate")
        verbose_name_plural = _("veterans' supplement rates")
        constraints = [models.UniqueConstraint(fields=["policy", "category"],
                                               name="veteran_rate_policy_category")]


class Assessment(models.Model):
    """A claim's computed result (CONTRACT.md adjudication.csv figures), kept per claim.

    `explanation` holds the per-claim path's lines when one claim is assessed; a year run
    stores the figures only, and `benefits.services.explain` recomputes the lines.
    No database foreign key to the claim: a year run writes a million rows at once and the
    per-row constraint check doubled its cost (bench/adjudicate.py); the ORM still cascades.
    """

    claim = models.OneToOneField("workflow.Claim", models.CASCADE, primary_key=True,
                                 db_constraint=False, related_name="assessment",
                                 verbose_name=_("claim"))
    policy_year = models.PositiveSmallIntegerField(_("policy year"))
    decision = models.CharField(_("decision"), max_length=10,
                                choices=AssessmentDecision.choices)
    reason_codes = models.CharField(_("reason codes"), max_length=200, blank=True)
    eligible_fen = models.BigIntegerField(_("eligible (fen)"))
    deductible_fen = models.BigIntegerField(_("deductible (fen)"))
    reimbursed_fen = models.BigIntegerField(_("reimbursed (fen)"))
    supplement_fen = models.BigIntegerField(_("veterans' supplement (fen)"))
    cap_applied = models.BooleanField(_("cap applied"))
    approval_level = models.PositiveSmallIntegerField(_("approval level"))
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["claim"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["policy_year"])]

    def __str__(self):
        return f"{self.claim_id}: {self.decision}"
