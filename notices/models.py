"""Monthly public notices, their lines, their history and the objections raised against them.

A notice is one township's month (DOMAIN.md "Monthly public notices"). Its lines and figures
are a snapshot taken when it is drafted (notices.services), never a live view of claims, so a
published notice shows exactly what was approved. Once published a notice never changes,
whichever door tries: `save()` and `delete()` refuse, the querysets' `update()` and `delete()`
refuse, the admin is read-only, and no page edits it (tests/notices/test_published_is_immutable.py).
A correction is a new erratum notice pointing at the original (`erratum_of`); the original
lists it through `errata`, so the link runs both ways without touching the original row.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from viewflow.workflow.models import Process

from notices.choices import NoticeAction, NoticeState, ObjectionChannel
from notices.ledger import FundFigures
from registry.choices import Tier
from registry.models import Township, Village
from workflow.choices import ClaimType

FROZEN = (NoticeState.PUBLISHED, NoticeState.CLOSED)


class PublishedNoticeChange(ValidationError):
    """Someone tried to change a published notice or its lines (DOMAIN.md: never changed)."""


def _refuse(notice_label) -> None:
    raise PublishedNoticeChange(
        _("Notice %(notice)s is published and never changes: publish an erratum instead.")
        % {"notice": notice_label})


class NoticeQuerySet(models.QuerySet):
    """Bulk updates and deletes skip save(): they refuse to touch a published notice."""

    def _refuse_frozen(self):
        frozen = list(self.filter(state__in=FROZEN).values_list("pk", flat=True))
        if frozen:
            _refuse(", ".join(map(str, frozen)))

    def update(self, **kwargs):
        self._refuse_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_frozen()
        return super().delete()


class Notice(ConcurrentTransitionMixin, models.Model):
    township = models.ForeignKey(Township, models.PROTECT, related_name="notices",
                                 verbose_name=_("township"))
    month = models.DateField(_("month"), help_text=_("The first day of the month reported"))
    state = FSMField(_("state"), max_length=12, choices=NoticeState.choices,
                     default=NoticeState.DRAFT, protected=True)
    erratum_of = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                   related_name="errata", verbose_name=_("corrects notice"))
    erratum_reason = models.CharField(_("what the erratum corrects"), max_length=300, blank=True)
    process = models.OneToOneField(Process, models.PROTECT, null=True, blank=True,
                                   related_name="notice", verbose_name=_("review process"))
    built_at = models.DateTimeField(_("drafted at"))
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("drafted by"))
    claim_count = models.PositiveIntegerField(_("claims"), default=0)
    total_cost_fen = models.BigIntegerField(_("total cost (fen)"), default=0)
    reimbursed_fen = models.BigIntegerField(_("reimbursed (fen)"), default=0)
    enrolled_people = models.PositiveIntegerField(_("people enrolled this year"), default=0)
    month_income_fen = models.BigIntegerField(_("contributions raised this month (fen)"),
                                              default=0)
    month_spending_fen = models.BigIntegerField(_("paid this month (fen)"), default=0)
    year_income_fen = models.BigIntegerField(_("contributions raised this year (fen)"),
                                             default=0)
    year_spending_fen = models.BigIntegerField(_("paid this year (fen)"), default=0)
    review_comments = models.TextField(_("supervision committee comments"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    objections_close_at = models.DateTimeField(_("objections close at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    pdf_error = models.TextField(_("PDF rendering error"), blank=True,
                                 help_text=_("Why the last rendering failed; the committee "
                                             "retries it"))

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "township", "id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        permissions = [("review_notice", _("Approve or send back monthly public notices"))]
        constraints = [
            models.UniqueConstraint(fields=["township", "month"],
                                    condition=models.Q(erratum_of__isnull=True),
                                    name="notice_one_original_per_township_month"),
        ]
        indexes = [models.Index(fields=["state", "objections_close_at"])]

    def __str__(self):
        return f"{self.township_id} {self.month:%Y-%m} #{self.pk}"

    @property
    def month_figures(self) -> FundFigures:
        return FundFigures(self.month_income_fen, self.month_spending_fen)

    @property
    def year_figures(self) -> FundFigures:
        return FundFigures(self.year_income_fen, self.year_spending_fen)

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN

    def save(self, *args, **kwargs):
        """A published notice is saved once more, when its objection window closes (state
        and closing time only); any other save of it is refused."""
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values().first()
            if stored is not None and stored["state"] in FROZEN:
                changed = {name for name, value in stored.items() if getattr(self, name) != value}
                closing = (stored["state"] == NoticeState.PUBLISHED
                           and self.state == NoticeState.CLOSED
                           and changed <= {"state", "closed_at"})
                if not closing:
                    _refuse(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            _refuse(self.pk)
        return super().delete(*args, **kwargs)

    # Transitions (DOMAIN.md flow). Called only by notices.services, which checks the
    # permission (has_transition_perm), the scope and the task, and writes the history row.

    @transition(state, source=NoticeState.DRAFT, target=NoticeState.RETURNED,
                permission="notices.review_notice")
    def send_back(self):
        """The supervision committee sent the draft back with comments."""

    @transition(state, source=NoticeState.RETURNED, target=NoticeState.DRAFT,
                permission="notices.change_notice")
    def resubmit(self):
        """Revised (rebuilt from the paid claims) and back with the committee."""

    @transition(state, source=NoticeState.DRAFT, target=NoticeState.RENDERING,
                permission="notices.review_notice")
    def approve(self):
        """Approved by the committee: its PDF is rendered by a job (notices.publication)."""

    @transition(state, source=NoticeState.RENDERING, target=NoticeState.PUBLISHED)
    def publish(self):
        """The PDF is rendered and hashed: published, the objection window opens."""

    @transition(state, source=NoticeState.PUBLISHED, target=NoticeState.CLOSED)
    def close(self):
        """The objection window has passed (notices.services.close_expired)."""


class LineQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(notice__state__in=FROZEN).exists():
            _refuse(_("of these lines"))
        return super().update(**kwargs)

    def delete(self):
        if self.filter(notice__state__in=FROZEN).exists():
            _refuse(_("of these lines"))
        return super().delete()


class NoticeLine(models.Model):
    """One paid claim as printed: the name is stored masked, so the unmasked name never
    reaches a notice, its PDF or the public page (DESIGN.md: public pages show masked names)."""

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="lines",
                               verbose_name=_("notice"))
    line_no = models.PositiveIntegerField(_("line"))
    claim_id = models.CharField(_("claim ID"), max_length=40)
    masked_name = models.CharField(_("name (masked)"), max_length=50)
    village = models.ForeignKey(Village, models.PROTECT, related_name="+",
                                verbose_name=_("village"))
    hospital_name = models.CharField(_("hospital"), max_length=100)
    claim_type = models.CharField(_("claim type"), max_length=24, choices=ClaimType.choices)
    total_cost_fen = models.BigIntegerField(_("total cost (fen)"))
    reimbursed_fen = models.BigIntegerField(_("reimbursed (fen)"))
    paid_on = models.DateField(_("paid on"))

    objects = LineQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "line_no"]
        verbose_name = _("notice line")
        verbose_name_plural = _("notice lines")
        constraints = [models.UniqueConstraint(fields=["notice", "line_no"],
                                               name="notice_line_no")]

    def save(self, *args, **kwargs):
        if Notice._base_manager.filter(pk=self.notice_id, state__in=FROZEN).exists():
            _refuse(self.notice_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Notice._base_manager.filter(pk=self.notice_id, state__in=FROZEN).exists():
            _refuse(self.notice_id)
        return super().delete(*args, **kwargs)


class NoticeTransition(models.Model):
    """Append-only history of a notice: old, new, actor, comments, when (STYLE.md)."""

    notice = models.ForeignKey(Notice, models.PROTECT, related_name="transitions",
                               verbose_name=_("notice"))
    action = models.CharField(_("action"), max_length=12, choices=NoticeAction.choices)
    old_state = models.CharField(_("old state"), max_length=12, choices=NoticeState.choices,
                                 blank=True)
    new_state = models.CharField(_("new state"), max_length=12, choices=NoticeState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    comments = models.TextField(_("comments"), blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["notice", "at", "id"]
        verbose_name = _("notice transition")
        verbose_name_plural = _("notice transitions")


class Objection(models.Model):
    """An objection raised against a published notice: intake for an investigation
    (DOMAIN.md: "Objections are intake for investigations: one click opens a case"): the
    staff's button calls casework.services.open_case_from_objection."""

    notice = models.ForeignKey(Notice, models.PROTECT, related_name="objections",
                               verbose_name=_("notice"))
    channel = models.CharField(_("received by"), max_length=12, choices=ObjectionChannel.choices)
    filed_at = models.DateTimeField(_("filed at"))
    claimant_name = models.CharField(_("name of the objector"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    line_no = models.PositiveIntegerField(_("line objected to"), null=True, blank=True)
    text = models.TextField(_("objection"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["notice", "filed_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return f"{self.notice} / {self.pk}"


class PremiumRate(models.Model):
    """Contribution per enrolled person by policy year and tier (DOMAIN.md "Schemes, tiers":
    tier 1 100 yuan, tier 2 200), the income side of the notice's fund figures. Seeded for
    2024-2026 by migration from notices/premium_defaults.json and edited by administrators;
    benefits' policy tables hold no premium yet."""

    year = models.PositiveSmallIntegerField(_("policy year"))
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    premium_fen = models.BigIntegerField(_("contribution per person (fen)"))

    class Meta:
        ordering = ["year", "tier"]
        verbose_name = _("contribution rate")
        verbose_name_plural = _("contribution rates")
        constraints = [models.UniqueConstraint(fields=["year", "tier"],
                                               name="premium_rate_year_tier")]

    def __str__(self):
        return f"{self.year} {self.get_tier_display()}"
