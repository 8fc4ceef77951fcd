"""Administrators edit each policy year's tables here (DOMAIN.md: every number a setting)."""
from django.contrib import admin

from benefits.models import (
    Assessment, CategoryRule, ExcludedCause, LevelRule, PolicyYear, RatioRule, TierRule,
    VeteranRate,
)
from claimdesk.admin_audit import AuditedAdminMixin, ReadOnlyAdmin


class LevelRuleInline(admin.TabularInline):
    model = LevelRule
    extra = 0


class TierRuleInline(admin.TabularInline):
    model = TierRule
    extra = 0


class RatioRuleInline(admin.TabularInline):
    model = RatioRule
    extra = 0


class CategoryRuleInline(admin.TabularInline):
    model = CategoryRule
    extra = 0


class ExcludedCauseInline(admin.TabularInline):
    model = ExcludedCause
    extra = 0


class VeteranRateInline(admin.TabularInline):
    model = VeteranRate
    extra = 0


@admin.register(PolicyYear)
class PolicyYearAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """One page per policy year with all its tables inline; every change audited."""

    list_display = ["year", "referral_rule", "tcm_bonus_points", "special_cap_fen",
                    "referral_validity_days"]
    inlines = [LevelRuleInline, TierRuleInline, RatioRuleInline, CategoryRuleInline,
               ExcludedCauseInline, VeteranRateInline]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Results are computed (benefits.services), never typed in."""

    list_display = ["claim", "policy_year", "decision", "reason_codes", "reimbursed_fen",
                    "supplement_fen", "approval_level", "computed_at"]
    list_filter = ["policy_year", "decision", "approval_level"]
    search_fields = ["claim__claim_id"]
