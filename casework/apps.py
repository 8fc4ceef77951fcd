"""Investigation cases from intake to recovery."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from registry.scope import Paths, register

        # Cases reach no township or hospital: county-wide roles only (issue 8: investigators
        # and their supervisor are county-wide; nobody else sees case content).
        register("casework.Case", Paths())
