"""Background jobs and the batches they have finished.

A job is a list of batches (one contract file, one year's scoring, one township's notice,
one office's reminder). Each batch runs in one transaction together with its `JobBatch`
marker, so a job killed half-way is re-run from where it stopped: finished batches are
skipped, the interrupted one was rolled back whole (issue 9: neither duplicates nor loses
anything). The unique marker also keeps two workers from applying the same batch twice.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from jobs.choices import JobKind, JobState


class Job(FSMModelMixin, models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=JobKind.choices)
    params = models.JSONField(_("parameters"), default=dict)
    plan = models.JSONField(_("batches planned"), default=list,
                            help_text=_("batch keys, in order, fixed when the job is created"))
    state = FSMField(_("state"), max_length=10, choices=JobState.choices,
                     default=JobState.QUEUED, protected=True)
    total = models.PositiveIntegerField(_("batches"), default=0)
    done = models.PositiveIntegerField(_("batches done"), default=0)
    current = models.CharField(_("current batch"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, verbose_name=_("started by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if self.state == JobState.FINISHED else (
            self.done * 100 // self.total if self.total else 0)

    # A worker killed mid-job leaves it `running`; a re-run (or the broker's redelivery)
    # starts it again, so `start` also leaves `running` and `failed`.
    @transition(state, source=[JobState.QUEUED, JobState.RUNNING, JobState.FAILED],
                target=JobState.RUNNING)
    def start(self):
        pass

    @transition(state, source=JobState.RUNNING, target=JobState.FINISHED)
    def finish(self):
        pass

    @transition(state, source=JobState.RUNNING, target=JobState.FAILED)
    def fail(self):
        pass

    @transition(state, source=[JobState.RUNNING, JobState.FAILED], target=JobState.QUEUED)
    def requeue(self):
        pass


class JobBatch(models.Model):
    """The marker of one finished batch, written in the batch's own transaction."""

    job = models.ForeignKey(Job, models.CASCADE, related_name="batches",
                            verbose_name=_("job"))
    key = models.CharField(_("batch"), max_length=100)
    result = models.JSONField(_("result"), default=dict)
    finished_at = models.DateTimeField(_("finished at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("finished batch")
        verbose_name_plural = _("finished batches")
        constraints = [models.UniqueConstraint(fields=["job", "key"],
                                               name="jobs_batch_once_per_job")]

    def __str__(self):
        return f"{self.job_id}: {self.key}"
