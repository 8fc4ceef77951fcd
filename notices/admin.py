"""Notices in the admin: read-only for everyone (DOMAIN.md: a published notice is never
changed; drafts change only through the review flow in notices.services)."""
from django.contrib import admin

from claimdesk.admin_audit import AuditedAdminMixin, ReadOnlyAdmin

from notices.models import Notice, NoticeLine, Objection, PremiumRate


class NoticeLineInline(admin.TabularInline):
    model = NoticeLine
    fields = ("line_no", "masked_name", "village", "hospital_name", "claim_type",
              "total_cost_fen", "reimbursed_fen", "paid_on")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("pk", "township", "month", "state", "claim_count", "erratum_of",
                    "pdf_sha256")
    list_filter = ("state", "township")
    exclude = ("pdf",)
    inlines = [NoticeLineInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "notice", "channel", "filed_at", "line_no")


@admin.register(PremiumRate)
class PremiumRateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Contribution rates are policy values administrators edit (DOMAIN.md)."""

    list_display = ("year", "tier", "premium_fen")
