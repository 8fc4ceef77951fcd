"""Scoring runs, the model versions that score, and the alerts they raise.

A model version is a database row (STYLE.md: training range, library versions, parameters,
metrics, threshold); every alert records the version that scored it, and the active version
can be rolled back to an earlier one. Scores are probabilities-like numbers in [0, 1], not
money; amounts at risk are integer fen.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from fraud.choices import ModelKind, Outcome, RunStatus, Scheme, SubjectType


class ModelVersion(models.Model):
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30, choices=ModelKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    trained_from = models.DateField(_("training data from"), null=True, blank=True)
    trained_to = models.DateField(_("training data to"), null=True, blank=True)
    library_versions = models.JSONField(_("library versions"), default=dict)
    parameters = models.JSONField(_("parameters"), default=dict)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    threshold = models.FloatField(_("alert threshold"))
    active = models.BooleanField(_("active"), default=False)
    artifact = models.BinaryField(_("fitted model"), null=True, blank=True, editable=False)
    signature = models.CharField(_("artifact signature (HMAC-SHA256)"), max_length=64,
                                 blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")

    def __str__(self):
        return f"{self.name} ({self.created_at:%Y-%m-%d})"


class ScoringRun(models.Model):
    """One scoring of a year, recorded `running` before it starts (STYLE.md)."""

    year = models.PositiveSmallIntegerField(_("year"))
    model_version = models.ForeignKey(ModelVersion, models.PROTECT, verbose_name=_("model"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, verbose_name=_("started by"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.RUNNING)
    claims = models.PositiveIntegerField(_("claims scored"), default=0)
    alerts = models.PositiveIntegerField(_("alerts"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("scoring run")
        verbose_name_plural = _("scoring runs")

    def __str__(self):
        return f"{self.year} ({self.get_status_display()})"


class Alert(models.Model):
    """CONTRACT.md alerts.csv, one row per flagged subject and scheme in a run."""

    run = models.ForeignKey(ScoringRun, models.CASCADE, related_name="alert_rows",
                            verbose_name=_("run"))
    model_version = models.ForeignKey(ModelVersion, models.PROTECT, verbose_name=_("model"))
    scheme = models.CharField(pgettext_lazy("fraud scheme", "scheme"), max_length=24,
                              choices=Scheme.choices)
    subject_type = models.CharField(_("subject type"), max_length=10,
                                    choices=SubjectType.choices)
    subject_id = models.CharField(_("subject"), max_length=40)
    score = models.FloatField(_("score"))
    rule_score = models.FloatField(_("rule score"))
    model_score = models.FloatField(_("model score"), null=True, blank=True)
    outcome = models.CharField(_("investigation outcome"), max_length=10, blank=True,
                               choices=Outcome.choices)
    amount_at_risk_fen = models.BigIntegerField(_("amount at risk (fen)"))
    reason_codes = models.CharField(_("reason codes"), max_length=300)
    reasons = models.JSONField(_("reasons"), default=list,
                               help_text=_("[[reason, score, params], ...], strongest first"))

    class Meta:
        ordering = ["-score", "-amount_at_risk_fen", "id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [models.Index(fields=["subject_type", "subject_id"]),
                   models.Index(fields=["run", "scheme"])]

    def __str__(self):
        return f"{self.scheme} {self.subject_type} {self.subject_id}"

    @property
    def priority(self) -> float:
        """Issue 7: queue order is score x amount at risk."""
        return self.score * self.amount_at_risk_fen
