"""Claims, referrals and review decisions in the admin, every change audited.

State fields (claim state, referral status) are read-only here: they change only through their
django-fsm transitions in the flows, which check the approval rules (DESIGN.md: states are
guarded on the model, whichever door the change comes through).
"""
from django.contrib import admin

from claimdesk.admin_audit import AuditedAdminMixin
from workflow.choices import ClaimState
from workflow.models import BillLine, Claim, EmergencyReport, Referral, ReviewDecision


class BillLineInline(admin.TabularInline):
    model = BillLine
    extra = 0


class ReviewDecisionInline(admin.TabularInline):
    model = ReviewDecision
    extra = 0
    autocomplete_fields = ("decided_by",)


@admin.register(Claim)
class ClaimAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("claim_id", "person", "hospital", "claim_type", "admitted_on", "total_fen",
                    "state")
    list_filter = ("state", "claim_type", "hospital")
    list_select_related = ("person", "hospital")
    search_fields = ("claim_id", "person__person_id", "person__name")
    date_hierarchy = "admitted_on"
    readonly_fields = ("state",)
    autocomplete_fields = ("person", "hospital", "entered_by")
    inlines = (BillLineInline, ReviewDecisionInline)

    def has_change_permission(self, request, obj=None):
        """A paid claim never changes (DOMAIN.md "Payment"), not even here."""
        if obj is not None and obj.state == ClaimState.PAID:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Referral)
class ReferralAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("referral_no", "person", "from_hospital", "to_hospital", "status",
                    "valid_from", "valid_to")
    list_filter = ("status", "to_hospital")
    list_select_related = ("person", "from_hospital", "to_hospital")
    search_fields = ("referral_no", "person__person_id", "person__name")
    readonly_fields = ("status", "code", "certificate_sha256", "requested_by", "requested_at",
                       "decided_by", "decided_at", "process")
    autocomplete_fields = ("person", "from_hospital", "to_hospital")


@admin.register(EmergencyReport)
class EmergencyReportAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "person", "hospital", "admitted_on", "reported_on", "late", "status")
    list_filter = ("status", "late", "hospital")
    list_select_related = ("person", "hospital")
    search_fields = ("person__person_id", "person__name")
    readonly_fields = ("status", "reported_on", "due_on", "late", "reported_by", "reported_at",
                       "reviewed_by", "reviewed_at", "process")
    autocomplete_fields = ("person", "hospital")


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("claim", "level", "decision", "decided_by", "decided_at", "paid_amount_fen")
    list_filter = ("level", "decision")
    list_select_related = ("claim", "decided_by")
    search_fields = ("claim__claim_id",)
    autocomplete_fields = ("claim", "decided_by")
