"""Who is insured, where they live, which hospitals serve them, and who works here.

Natural keys from CONTRACT.md are the primary keys (resident ID, codes, certificate
numbers): imports upsert by them and other tables point at them without a look-up.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from viewflow.workflow.models import Process

from registry import resident_id
from registry.choices import (
    CertificateStatus, ChronicDisease, HospitalKind, HospitalLevel, MergerState, Relation, Role,
    Scheme, Sex, Tier, VeteranCategory,
)


def validate_resident_id(value):
    try:
        resident_id.parse(value)
    except resident_id.ResidentIdError as error:
        raise ValidationError(_("Invalid resident ID %(value)s: %(error)s"),
                              params={"value": value, "error": error}) from None


class Township(models.Model):
    code = models.CharField(_("code"), max_length=20, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("township")
        verbose_name_plural = _("townships")

    def __str__(self):
        return self.name


class Village(models.Model):
    code = models.CharField(_("code"), max_length=20, primary_key=True)
    township = models.ForeignKey(Township, models.PROTECT, related_name="villages",
                                 verbose_name=_("township"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self):
        return self.name


class Household(models.Model):
    household_id = models.CharField(_("household ID"), max_length=32, primary_key=True)
    township = models.ForeignKey(Township, models.PROTECT, verbose_name=_("township"))
    village = models.ForeignKey(Village, models.PROTECT, verbose_name=_("village"))

    class Meta:
        ordering = ["household_id"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.household_id


class Person(models.Model):
    """An insured resident. `died_on` is the registered death (DOMAIN.md: no cover after it)."""

    person_id = models.CharField(_("resident ID"), max_length=18, primary_key=True,
                                 validators=[validate_resident_id])
    name = models.CharField(_("name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    household = models.ForeignKey(Household, models.PROTECT, related_name="members",
                                  verbose_name=_("household"))
    died_on = models.DateField(_("died on"), null=True, blank=True)

    class Meta:
        ordering = ["person_id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name} ({self.person_id})"


class Certificate(models.Model):
    """A cooperative medical certificate (合作医疗证); its status changes are kept."""

    number = models.CharField(_("certificate number"), max_length=32, primary_key=True)
    person = models.ForeignKey(Person, models.PROTECT, related_name="certificates",
                               verbose_name=_("holder"))
    status = models.CharField(_("status"), max_length=12, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID)

    class Meta:
        ordering = ["number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.number


class CertificateStatusChange(models.Model):
    """Append-only history of a certificate's status: who changed it, when and why."""

    certificate = models.ForeignKey(Certificate, models.PROTECT, related_name="history",
                                    verbose_name=_("certificate"))
    old_status = models.CharField(_("old status"), max_length=12, blank=True,
                                  choices=CertificateStatus.choices)
    new_status = models.CharField(_("new status"), max_length=12,
                                  choices=CertificateStatus.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, verbose_name=_("changed by"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["certificate", "changed_at", "id"]
        verbose_name = _("certificate status change")
        verbose_name_plural = _("certificate status changes")


class Enrolment(models.Model):
    """A person's cover in one scheme and policy year (CONTRACT.md people.csv)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="enrolments",
                               verbose_name=_("person"))
    scheme = models.CharField(pgettext_lazy("insurance scheme", "scheme"), max_length=24,
                              choices=Scheme.choices)
    year = models.PositiveSmallIntegerField(_("policy year"))
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    household = models.ForeignKey(Household, models.PROTECT, verbose_name=_("household"))
    township = models.ForeignKey(Township, models.PROTECT, verbose_name=_("township"))
    village = models.ForeignKey(Village, models.PROTECT, verbose_name=_("village"))
    categories = models.CharField(
        _("subsidised categories"), max_length=100, blank=True,
        help_text=_("Semicolon-separated, as in people.csv"))
    veteran_category = models.CharField(_("veteran category"), max_length=24, blank=True,
                                        choices=VeteranCategory.choices)
    certificate = models.ForeignKey(Certificate, models.PROTECT, related_name="enrolments",
                                    verbose_name=_("certificate"))
    enrolled_from = models.DateField(_("enrolled from"))
    enrolled_to = models.DateField(_("enrolled to"))

    class Meta:
        ordering = ["year", "person"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["person", "scheme", "year"],
                                    name="enrolment_person_scheme_year"),
            models.CheckConstraint(condition=models.Q(enrolled_from__lte=models.F("enrolled_to")),
                                   name="enrolment_dates_ordered"),
        ]
        indexes = [models.Index(fields=["year", "township"])]

    def __str__(self):
        return f"{self.person_id} {self.scheme} {self.year}"

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(";") if c]


class ChronicDiseaseCard(models.Model):
    """A certified chronic-disease card: a person may claim `chronic` for this disease."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="chronic_cards",
                               verbose_name=_("person"))
    disease = models.CharField(_("disease"), max_length=20, choices=ChronicDisease.choices)
    year = models.PositiveSmallIntegerField(_("policy year"))

    class Meta:
        ordering = ["person", "disease"]
        verbose_name = _("chronic-disease card")
        verbose_name_plural = _("chronic-disease cards")
        constraints = [models.UniqueConstraint(fields=["person", "disease", "year"],
                                               name="chronic_card_person_disease_year")]


class Hospital(models.Model):
    code = models.CharField(_("hospital code"), max_length=20, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=HospitalLevel.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=HospitalKind.choices)
    nonprofit = models.BooleanField(_("non-profit"), default=True)
    in_county = models.BooleanField(_("in county"), default=True)
    township = models.ForeignKey(Township, models.PROTECT, null=True, blank=True,
                                 verbose_name=_("township served"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("hospital")
        verbose_name_plural = _("hospitals")

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """A Django user's role and scope: township, hospital, or county-wide (both empty)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True,
                                related_name="staff", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    township = models.ForeignKey(Township, models.PROTECT, null=True, blank=True,
                                 verbose_name=_("township"))
    hospital = models.ForeignKey(Hospital, models.PROTECT, null=True, blank=True,
                                 verbose_name=_("hospital"))
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True,
                               verbose_name=_("own person record"))
    household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True,
                                  verbose_name=_("own household"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user.username} ({self.get_role_display()})"

    @property
    def is_county_wide(self) -> bool:
        return self.township_id is None and self.hospital_id is None


class DeclaredRelation(models.Model):
    """A relation a staff member declared to an insured person (four-eyes input)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                             related_name="declared_relations", verbose_name=_("staff member"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="declared_relations",
                               verbose_name=_("person"))
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)

    class Meta:
        ordering = ["user", "person"]
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")
        constraints = [models.UniqueConstraint(fields=["user", "person"],
                                               name="declared_relation_user_person")]


class ImportRun(models.Model):
    """One contract file's import: what came in, what it changed, or every bad row.

    Written as `running` before the rows are read and finished in the same transaction
    as the rows (STYLE.md: record an output before producing it).
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        LOADED = "loaded", _("Loaded")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("file kind"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, verbose_name=_("started by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RUNNING)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("bad rows"), default=list, blank=True,
                              help_text=_("[{row, column, value, reason}, ...]"))
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


SIGN_OFF_PERMISSION = "registry.sign_off_schememerger"


def may_sign_merger(merger, user) -> bool:
    """Four eyes (seed 004: 签字验收): a holder of the sign-off permission who neither staged
    the merger (even an administrator holding every permission) nor signed it already. The one
    rule for the transitions, the flow's sign-off tasks (registry.merger_flow) and the pages."""
    return (user.has_perm(SIGN_OFF_PERMISSION) and merger.first_signed_by_id != user.pk
            and user.pk not in merger.stager_ids())


def merger_reconciles(merger) -> bool:
    return merger.register_reconciles()


class SchemeMerger(ConcurrentTransitionMixin, models.Model):
    """Two schemes' rosters handed over into one scheme (seed 004, Chongqing 2009: records
    handed over are registered, checked and signed for, 登记造册，签字验收).

    The rosters are staged (MergerRoster, StagedEnrolment) with the totals the handing-over
    office declared on its register; registry.mergers builds the reconciliation register from
    them. Two different officers, neither of them a stager, sign it, each in a task of the
    merger's MergerFlow process (`process`, registry.merger_flow); the second signature puts
    the merged roster live (enrolments in `target_scheme`, one transaction). A register that
    does not reconcile cannot be signed (the transitions' condition), whoever asks.
    """

    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("policy year"))
    target_scheme = models.CharField(_("merged scheme"), max_length=24, choices=Scheme.choices,
                                     default=Scheme.URBAN_RURAL_RESIDENT)
    state = FSMField(_("state"), max_length=12, choices=MergerState.choices,
                     default=MergerState.STAGED, protected=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    first_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("first signed by"))
    first_signed_at = models.DateTimeField(_("first signed at"), null=True, blank=True)
    second_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("second signed by"))
    second_signed_at = models.DateTimeField(_("second signed at"), null=True, blank=True)
    live_run = models.ForeignKey(ImportRun, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("merged roster import"))
    process = models.OneToOneField(Process, models.PROTECT, null=True, blank=True,
                                   related_name="scheme_merger", verbose_name=_("process"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("scheme merger")
        verbose_name_plural = _("scheme mergers")
        permissions = [("sign_off_schememerger",
                        _("Sign off a scheme merger's reconciliation register"))]

    def __str__(self):
        return self.name

    @cached_property
    def register(self):
        """The reconciliation register (registry.mergers.build_register), built once per
        loaded instance: the transitions' condition and the signature read the same one."""
        from registry.mergers import build_register

        return build_register(self)

    def register_reconciles(self) -> bool:
        return self.register.reconciles

    def stager_ids(self) -> set[int]:
        """Who staged the merger: whoever started it and whoever staged a roster now in it."""
        return {self.created_by_id} | set(self.rosters.filter(
            import_run__started_by__isnull=False).values_list("import_run__started_by", flat=True))

    @transition(state, source=MergerState.STAGED, target=MergerState.SIGNED_ONCE,
                permission=may_sign_merger, conditions=[merger_reconciles])
    def sign_first(self):
        """The first officer signed the register."""

    @transition(state, source=MergerState.SIGNED_ONCE, target=MergerState.LIVE,
                permission=may_sign_merger, conditions=[merger_reconciles])
    def sign_second(self):
        """A second, different officer signed: the merged roster goes live."""


class MergerRoster(models.Model):
    """One scheme's roster as handed over: the totals its register declares, and the import
    run that staged its rows (set once the file loaded; registry.mergers.add_roster)."""

    merger = models.ForeignKey(SchemeMerger, models.CASCADE, related_name="rosters",
                               verbose_name=_("merger"))
    scheme = models.CharField(pgettext_lazy("insurance scheme", "scheme"), max_length=24,
                              choices=Scheme.choices)
    declared_count = models.PositiveIntegerField(_("people declared"))
    declared_premium_fen = models.BigIntegerField(_("contributions declared (fen)"))
    import_run = models.ForeignKey(ImportRun, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("import run"))

    class Meta:
        ordering = ["merger", "id"]
        verbose_name = _("merger roster")
        verbose_name_plural = _("merger rosters")
        constraints = [models.UniqueConstraint(fields=["merger", "scheme"],
                                               name="merger_roster_one_per_scheme")]

    def __str__(self):
        return f"{self.merger} {self.scheme}"


class StagedEnrolment(models.Model):
    """One roster row waiting for the merger's sign-off: the people.csv cells as text, so the
    merged roster goes live through the ordinary people importer."""

    roster = models.ForeignKey(MergerRoster, models.CASCADE, related_name="rows",
                               verbose_name=_("roster"))
    row_no = models.PositiveIntegerField(_("row"))
    person_id = models.CharField(_("resident ID"), max_length=18)
    premium_fen = models.BigIntegerField(_("contribution (fen)"))
    cells = models.JSONField(_("cells"))

    class Meta:
        ordering = ["roster", "row_no"]
        verbose_name = _("staged enrolment")
        verbose_name_plural = _("staged enrolments")
        constraints = [models.UniqueConstraint(fields=["roster", "person_id"],
                                               name="staged_enrolment_once_per_roster")]
        indexes = [models.Index(fields=["person_id"])]
