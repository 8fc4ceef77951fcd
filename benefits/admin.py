"""Administrators edit each policy year's tables here (DOMAIN.md: every number a setting)."""
from django.contrib import admin

from audit import services as audit
from benefits.models import (
    Assessment, CategoryRule, ExcludedCause, LevelRule, PolicyYear, RatioRule, TierRule,
    VeteranRate,
)


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
class PolicyYearAdmin(admin.ModelAdmin):
    list_display = ["year", "referral_rule", "tcm_bonus_points", "special_cap_fen"]
    inlines = [LevelRuleInline, TierRuleInline, RatioRuleInline, CategoryRuleInline,
               ExcludedCauseInline, VeteranRateInline]

    def save_model(self, request, obj, form, change):
        """Record who changed which policy values (one audit mechanism, STYLE.md)."""
        super().save_model(request, obj, form, change)
        audit.record(request.user, "benefits.policy_changed" if change else "benefits.policy_created",
                     obj, changes={name: str(form.cleaned_data.get(name))
                                   for name in form.changed_data})

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit.record(request.user, "benefits.policy_changed", form.instance,
                         changes={formset.model._meta.model_name: [
                             {name: str(f.cleaned_data.get(name)) for name in f.changed_data}
                             for f in formset.forms if f.has_changed()]})


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only: results are computed, never typed in."""

    list_display = ["claim", "policy_year", "decision", "reason_codes", "reimbursed_fen",
                    "supplement_fen", "approval_level", "computed_at"]
    list_filter = ["policy_year", "decision", "approval_level"]
    search_fields = ["claim__claim_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
