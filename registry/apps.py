"""People, households, enrolments, certificates, hospitals and staff: who is insured and who works here."""
from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from registry import merger_flow  # noqa: F401 (its proxy model, for permissions)
        from registry import signals

        post_migrate.connect(signals.apply_roles_after_migrate, sender=self,
                             dispatch_uid="registry.apply_roles")
        post_save.connect(signals.join_role_group, sender="registry.StaffProfile",
                          dispatch_uid="registry.join_role_group")
