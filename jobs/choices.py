"""Enumerations of background jobs."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT = "import", _("Import of contract files")
    SCORE = "score", _("Fraud scoring")
    NOTICES = "notices", _("Monthly notices")
    REMINDERS = "reminders", _("Overdue reminders")
    UPLOAD = "upload", _("Upload of contract files")
    NOTICE_PDFS = "notice_pdfs", _("Notice PDFs")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")
