"""Investigation cases: one per subject, fed by fraud alerts (DOMAIN.md: suspicious items are
queued for investigators). Only the intake state exists yet; issue 8 adds the rest."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from casework.choices import CaseState
from fraud.choices import SubjectType


class Case(models.Model):
    subject_type = models.CharField(_("subject type"), max_length=10,
                                    choices=SubjectType.choices)
    subject_id = models.CharField(_("subject"), max_length=40)
    schemes = models.CharField(_("schemes"), max_length=120,
                               help_text=_("Semicolon-separated fraud schemes"))
    priority_fen = models.BigIntegerField(
        _("priority"), help_text=_("Highest alert score x amount at risk, in fen"))
    state = FSMField(_("state"), max_length=12, choices=CaseState.choices,
                     default=CaseState.INTAKE, protected=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    alerts = models.ManyToManyField("fraud.Alert", related_name="cases",
                                    verbose_name=_("alerts"))

    class Meta:
        ordering = ["-priority_fen", "opened_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["subject_type", "subject_id"],
                                               name="case_one_per_subject")]

    def __str__(self):
        return f"{self.subject_type} {self.subject_id}"

    @property
    def scheme_list(self) -> list[str]:
        return [s for s in self.schemes.split(";") if s]
