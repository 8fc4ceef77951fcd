"""The Django admin is for system administrators only (DOMAIN.md "Who uses it": users, policy
tables, imports): superusers and staff whose role is `admin`, whatever their is_staff flag says.
"""
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from registry.choices import Role


class ClaimDeskAdminSite(admin.AdminSite):
    site_header = _("ClaimDesk administration")
    site_title = _("ClaimDesk administration")
    index_title = _("Users, policy tables and imports")

    def has_permission(self, request):
        user = request.user
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        profile = getattr(user, "staff", None)
        return user.is_staff and profile is not None and profile.role == Role.ADMIN


class ClaimDeskAdminConfig(AdminConfig):
    default_site = "claimdesk.admin_site.ClaimDeskAdminSite"
