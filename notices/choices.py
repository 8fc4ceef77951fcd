"""Enumerations of notices and objections (DOMAIN.md "Monthly public notices")."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Draft, with the supervision committee")
    RETURNED = "returned", _("Sent back with comments")
    RENDERING = "rendering", _("Approved, its PDF being rendered")
    PUBLISHED = "published", _("Published, objection window open")
    CLOSED = "closed", _("Closed")


class NoticeAction(models.TextChoices):
    """One row of a notice's history (notices.models.NoticeTransition)."""

    DRAFTED = "drafted", _("Drafted")
    SENT_BACK = "sent_back", _("Sent back with comments")
    REVISED = "revised", _("Revised and resubmitted")
    APPROVED = "approved", _("Approved")
    PDF_FAILED = "pdf_failed", _("Rendering the PDF failed")
    RETRIED = "retried", _("Rendering retried")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Objection window closed")


class ObjectionChannel(models.TextChoices):
    PUBLIC_PAGE = "public_page", _("Public web page")
    PHONE = "phone", _("Telephone")
    IN_PERSON = "in_person", _("In person")
