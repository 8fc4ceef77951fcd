"""Investigation cases from intake to recovery."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casework"
    verbose_name = _("Casework")
