"""The audit trail in the admin: readable and searchable, never added to, changed or deleted."""
from django.contrib import admin

from audit.models import AuditEntry
from claimdesk.admin_audit import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "reason")
    list_filter = ("action", "object_type")
    list_select_related = ("actor",)
    search_fields = ("object_id", "actor__username", "reason")
    date_hierarchy = "at"
