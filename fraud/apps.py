"""Fraud detectors, models, scoring runs and alerts."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FraudConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fraud"
    verbose_name = _("Fraud")
