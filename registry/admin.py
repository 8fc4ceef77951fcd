"""Registry and user administration, every change audited (claimdesk.admin_audit).

Users are deactivated, never deleted: a user's name stays on the claims they entered, the
decisions they signed and the audit rows they caused (DESIGN.md: every change records who), so
the user admin offers neither the delete action nor the delete page; untick "active" instead.
Saving a staff profile puts the user in its role's group (registry.signals).
"""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from audit import services as audit
from claimdesk.admin_audit import HIDDEN_VALUE, AuditedAdminMixin, ReadOnlyAdmin
from registry.models import (
    Certificate, CertificateStatusChange, ChronicDiseaseCard, DeclaredRelation, Enrolment,
    Hospital, Household, ImportRun, Person, StaffProfile, Township, Village,
)

User = get_user_model()


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    fk_name = "user"
    autocomplete_fields = ("township", "hospital", "person", "household")


@admin.register(StaffProfile)
class StaffProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "role", "township", "hospital", "language")
    list_filter = ("role", "township", "language")
    list_select_related = ("user", "township", "hospital")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user", "township", "hospital", "person", "household")


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = (StaffProfileInline,)
    list_display = ("username", "first_name", "last_name", "staff_role", "is_active",
                    "last_login")
    list_select_related = ("staff",)

    @admin.display(description=StaffProfile._meta.get_field("role").verbose_name,
                   ordering="staff__role")
    def staff_role(self, user):
        profile = getattr(user, "staff", None)
        return profile.get_role_display() if profile else ""

    def has_delete_permission(self, request, obj=None):
        """Never delete a user: deactivate them (module docstring)."""
        return False

    def user_change_password(self, request, id, form_url=""):
        """The password page saves outside save_model: record that it changed, never the value."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                audit.record(request.user, "admin.change", (User._meta.label, str(id)),
                             {"password": [HIDDEN_VALUE, HIDDEN_VALUE]})
        return response


@admin.register(Township)
class TownshipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Village)
class VillageAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "township")
    list_filter = ("township",)
    list_select_related = ("township",)
    search_fields = ("code", "name")


@admin.register(Household)
class HouseholdAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("household_id", "township", "village")
    list_filter = ("township",)
    list_select_related = ("township", "village")
    search_fields = ("household_id",)
    autocomplete_fields = ("township", "village")


@admin.register(Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("person_id", "name", "sex", "birth_date", "household", "died_on")
    list_select_related = ("household",)
    search_fields = ("person_id", "name")
    autocomplete_fields = ("household",)


@admin.register(Certificate)
class CertificateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "person", "status")
    list_filter = ("status",)
    list_select_related = ("person",)
    search_fields = ("number", "person__person_id", "person__name")
    autocomplete_fields = ("person",)


@admin.register(CertificateStatusChange)
class CertificateStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("certificate", "old_status", "new_status", "changed_at", "changed_by",
                    "reason")
    list_select_related = ("certificate", "changed_by")
    search_fields = ("certificate__number",)


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("person", "scheme", "year", "tier", "township", "village", "certificate")
    list_filter = ("year", "scheme", "tier", "township")
    list_select_related = ("person", "township", "village", "certificate")
    search_fields = ("person__person_id", "person__name", "certificate__number")
    autocomplete_fields = ("person", "household", "township", "village", "certificate")


@admin.register(ChronicDiseaseCard)
class ChronicDiseaseCardAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("person", "disease", "year")
    list_filter = ("year", "disease")
    list_select_related = ("person",)
    search_fields = ("person__person_id", "person__name")
    autocomplete_fields = ("person",)


@admin.register(Hospital)
class HospitalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "nonprofit", "in_county", "township")
    list_filter = ("level", "kind", "nonprofit", "in_county")
    list_select_related = ("township",)
    search_fields = ("code", "name")


@admin.register(DeclaredRelation)
class DeclaredRelationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "person", "relation")
    list_select_related = ("user", "person")
    search_fields = ("user__username", "person__person_id", "person__name")
    autocomplete_fields = ("user", "person")


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "kind", "status", "rows", "created", "updated", "started_at",
                    "started_by")
    list_filter = ("kind", "status")
    list_select_related = ("started_by",)
