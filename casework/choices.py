"""Enumerations of casework (issue 8 adds the later states)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    INTAKE = "intake", _("Intake")
