from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    """`backup DIR` / `restore DIR`: the database and the stored files, checked by SHA-256."""

    name = "backup"
    verbose_name = _("Backup")
