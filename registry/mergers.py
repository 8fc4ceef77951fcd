"""Scheme merger hand-over (seed 004, Chongqing 2009): two schemes' rosters staged into one
scheme with a reconciliation register that two officers sign before the roster goes live.

The seed asks that records handed over be registered and signed for (登记造册，签字验收) and
that no insured person's benefits suffer. It names no file format, so a handed-over roster
is a people.csv (CONTRACT.md) of the handing-over scheme with one more column, `premium`:
the contribution collected for the person, in yuan. The handing-over office's own register
gives two totals, entered with the roster: the number of people and the contributions.

The reconciliation register (`build_register`) shows, per roster, the declared and received
counts and sums in fen; the residents found in both rosters (duplicate enrolment, DOMAIN.md
"Fraud and abuse"), each kept once and with the fields on which the two rows disagree; and the
merged totals. It reconciles when every roster's received count and sum equal its declared
ones and the merged totals account for every row and every fen. A register that does not
reconcile cannot be signed (SchemeMerger's transitions). The two signatures are the tasks of
the merger's sign-off process (registry.merger_flow), by two officers who did not stage it.

Duplicates: the merged roster keeps the row of the cover that started first (ties: the roster
staged first), with its cover widened to the earliest start and latest end of the two rows, so
nobody loses a day of cover; the other row's contribution was paid twice and is listed as
due for refund.

Going live: the second signature imports the merged roster (scheme = the merger's target)
through the ordinary people importer, inside the signature's transaction, so the enrolments
are created all together or not at all.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import services as audit
from claimdesk.flow_tasks import complete
from registry.choices import MergerState
from registry.importers import PeopleSpec
from registry.importing import parsers
from registry.importing.runner import Column, Counts, run_import
from registry.models import (
    SIGN_OFF_PERMISSION, ImportRun, MergerRoster, SchemeMerger, StagedEnrolment,
    may_sign_merger,
)

PEOPLE_COLUMNS = tuple(column.name for column in PeopleSpec.columns)
COMPARED_FIELDS = ("name", "sex", "birth_date", "household_id", "township_code",
                   "village_code", "tier", "categories", "veteran_category", "died_on")
"""The fields of a duplicate's two rows that must agree; a difference is a mismatch."""

STAGE_PERMISSION = "registry.add_schememerger"
OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED)


class RosterSpec(PeopleSpec):
    """A handed-over roster: people.csv columns plus `premium`, one row per person, all of
    the roster's scheme and the merger's year; rows are staged, not stored in the registry.
    The people.csv checks apply, against the registry too (a certificate held by someone
    else, a village of another township), so the merged roster will load when signed."""

    kind = "merger_roster"
    key = ("person_id",)
    columns = PeopleSpec.columns + (Column("premium", parsers.money_fen),)

    def __init__(self, roster: MergerRoster, actor=None, file_name: str = ""):
        super().__init__(actor, file_name)
        self.roster = roster

    def row_errors(self, row):
        errors = super().row_errors(row)
        data = row.data
        if data["scheme"] != self.roster.scheme:
            errors.append(("scheme", data["scheme"], _("this roster is of scheme %(scheme)s")
                           % {"scheme": self.roster.scheme}))
        if data["year"] != self.roster.merger.year:
            errors.append(("year", data["year"], _("the merger is of policy year %(year)s")
                           % {"year": self.roster.merger.year}))
        return errors

    def store(self, rows, report, write):
        if write:
            StagedEnrolment.objects.bulk_create([
                StagedEnrolment(roster=self.roster, row_no=row.number,
                                person_id=row.data["person_id"].value,
                                premium_fen=row.data["premium"], cells=_cells(row.data))
                for row in rows], batch_size=5000)
        return Counts(created=len(rows))


def _cells(data: dict) -> dict[str, str]:
    """A parsed people.csv row back to the text of its cells (to import it when live)."""
    cells = {}
    for name in PEOPLE_COLUMNS:
        value = data.get(name)
        if value is None:
            cells[name] = ""
        elif hasattr(value, "isoformat"):
            cells[name] = value.isoformat()
        else:
            cells[name] = getattr(value, "value", value) if name == "person_id" else str(value)
    return cells


@dataclass(frozen=True)
class RosterFigures:
    scheme: str
    declared_count: int
    declared_premium_fen: int
    received_count: int
    received_premium_fen: int

    @property
    def count_reconciles(self) -> bool:
        return self.declared_count == self.received_count

    @property
    def premium_reconciles(self) -> bool:
        return self.declared_premium_fen == self.received_premium_fen


@dataclass(frozen=True)
class Duplicate:
    """A resident in both rosters: which row is kept, what the other paid, what differs."""

    person_id: str
    kept_scheme: str
    kept_row: int
    dropped_scheme: str
    dropped_row: int
    names: tuple[str, str]
    refund_fen: int
    mismatches: tuple[str, ...]


@dataclass
class Register:
    rosters: list[RosterFigures] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    merged: list[dict] = field(default_factory=list)  # people.csv cells, one per person
    merged_premium_fen: int = 0
    refund_fen: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def received_count(self) -> int:
        return sum(r.received_count for r in self.rosters)

    @property
    def received_premium_fen(self) -> int:
        return sum(r.received_premium_fen for r in self.rosters)

    @property
    def mismatches(self) -> list[Duplicate]:
        return [d for d in self.duplicates if d.mismatches]

    @property
    def reconciles(self) -> bool:
        return not self.problems


def build_register(merger: SchemeMerger) -> Register:
    """The merger's reconciliation register (module docstring), from its staged rows."""
    register = Register()
    rows_by_person: dict[str, list[StagedEnrolment]] = {}
    rosters = list(merger.rosters.filter(import_run__isnull=False).order_by("id"))
    order = {roster.pk: position for position, roster in enumerate(rosters)}
    for roster in rosters:
        rows = list(roster.rows.all())
        for row in rows:
            rows_by_person.setdefault(row.person_id, []).append(row)
        register.rosters.append(RosterFigures(
            roster.scheme, roster.declared_count, roster.declared_premium_fen, len(rows),
            sum(row.premium_fen for row in rows)))
    scheme_of = {roster.pk: roster.scheme for roster in rosters}
    for person_id in sorted(rows_by_person):
        rows = sorted(rows_by_person[person_id],
                      key=lambda r: (r.cells["enrolled_from"], order[r.roster_id]))
        kept = dict(rows[0].cells, scheme=merger.target_scheme,
                    enrolled_from=rows[0].cells["enrolled_from"],
                    enrolled_to=max(r.cells["enrolled_to"] for r in rows))
        register.merged.append(kept)
        register.merged_premium_fen += rows[0].premium_fen
        for dropped in rows[1:]:
            register.refund_fen += dropped.premium_fen
            register.duplicates.append(Duplicate(
                person_id, scheme_of[rows[0].roster_id], rows[0].row_no,
                scheme_of[dropped.roster_id], dropped.row_no,
                (rows[0].cells["name"], dropped.cells["name"]), dropped.premium_fen,
                tuple(name for name in COMPARED_FIELDS
                      if rows[0].cells[name] != dropped.cells[name])))
    register.problems = _problems(register)
    return register


def _problems(register: Register) -> list[str]:
    """Why the register does not reconcile; empty when it does."""
    problems = []
    if len(register.rosters) < 2:
        problems.append(_("A merger needs the rosters of at least two schemes."))
    for figures in register.rosters:
        if not figures.count_reconciles:
            problems.append(_("%(scheme)s: %(received)s people received, %(declared)s declared.")
                            % {"scheme": figures.scheme, "received": figures.received_count,
                               "declared": figures.declared_count})
        if not figures.premium_reconciles:
            problems.append(_("%(scheme)s: contributions received %(received)s fen, declared "
                              "%(declared)s fen.")
                            % {"scheme": figures.scheme,
                               "received": figures.received_premium_fen,
                               "declared": figures.declared_premium_fen})
    problems += _conflicts(register.merged)
    if len(register.merged) + len(register.duplicates) != register.received_count:
        problems.append(_("The merged roster does not account for every row received."))
    if register.merged_premium_fen + register.refund_fen != register.received_premium_fen:
        problems.append(_("The merged contributions do not account for every fen received."))
    return problems


def _conflicts(merged: list[dict]) -> list[str]:
    """Rows of different people or places the two rosters number alike: one certificate for
    two people, one village code in two townships. The people importer would refuse them when
    the roster goes live, so they are found here, before anyone signs."""
    problems = []
    for column, owner in (("certificate_no", "person_id"), ("village_code", "township_code")):
        seen: dict[str, str] = {}
        for cells in merged:
            first = seen.setdefault(cells[column], cells[owner])
            if first != cells[owner]:
                problems.append(_("%(column)s %(value)s is given to both %(first)s and "
                                  "%(second)s.") % {"column": column, "value": cells[column],
                                                    "first": first, "second": cells[owner]})
    return problems


def create_merger(name: str, year: int, target_scheme: str, actor) -> SchemeMerger:
    """Start a merger and its sign-off process (registry.merger_flow): the first signature
    waits while the rosters are staged."""
    from registry.merger_flow import MergerFlow

    if not actor.has_perm(STAGE_PERMISSION):
        raise PermissionDenied(_("Staging a scheme merger is the administrator's work."))
    with transaction.atomic():
        merger = SchemeMerger.objects.create(name=name, year=year, target_scheme=target_scheme,
                                             created_by=actor)
        audit.record(actor, "registry.merger_created", merger,
                     changes={"year": year, "target_scheme": target_scheme})
        MergerFlow.start.run(merger=merger)
    return merger


def add_roster(merger_id: int, scheme: str, file: BinaryIO, file_name: str,
               declared_count: int, declared_premium_fen: int, actor) -> ImportRun:
    """Stage one scheme's roster with its register's declared totals. Returns the import run:
    `loaded`, or `rejected` with every bad row and nothing staged (CONTRACT.md)."""
    merger = SchemeMerger.objects.get(pk=merger_id)
    if not actor.has_perm(STAGE_PERMISSION):
        raise PermissionDenied(_("Staging a scheme merger is the administrator's work."))
    if merger.state != MergerState.STAGED:
        raise ValidationError(_("Merger %(merger)s is already signed: its rosters are final.")
                              % {"merger": merger})
    if merger.rosters.filter(scheme=scheme).exists():
        raise ValidationError(_("Merger %(merger)s already has a roster of %(scheme)s: remove "
                                "it first.") % {"merger": merger, "scheme": scheme})
    roster = MergerRoster.objects.create(merger=merger, scheme=scheme,
                                         declared_count=declared_count,
                                         declared_premium_fen=declared_premium_fen)
    run = run_import(file, RosterSpec(roster, actor, file_name), file_name)
    if run.status != ImportRun.Status.LOADED:
        roster.delete()
        return run
    with transaction.atomic():
        roster.import_run = run
        roster.save(update_fields=["import_run"])
        audit.record(actor, "registry.merger_roster_added", merger, changes={
            "scheme": scheme, "file": file_name, "sha256": run.sha256, "rows": run.rows,
            "declared_count": declared_count, "declared_premium_fen": declared_premium_fen})
    return run


def remove_roster(merger_id: int, scheme: str, actor, reason: str = "") -> None:
    """Take a staged roster out (to stage a corrected file), before anyone signed."""
    if not actor.has_perm(STAGE_PERMISSION):
        raise PermissionDenied(_("Staging a scheme merger is the administrator's work."))
    with transaction.atomic():
        merger = SchemeMerger.objects.select_for_update().get(pk=merger_id)
        if merger.state != MergerState.STAGED:
            raise ValidationError(_("Merger %(merger)s is already signed: its rosters are "
                                    "final.") % {"merger": merger})
        removed, _counts = merger.rosters.filter(scheme=scheme).delete()
        if removed:
            audit.record(actor, "registry.merger_roster_removed", merger,
                         changes={"scheme": scheme}, reason=reason)


def sign(merger_id: int, user) -> SchemeMerger:
    """Sign the register (seed 004: 签字验收) in the merger's open sign-off task
    (registry.merger_flow), as the task pages and the command do. The first signature moves
    it to `signed_once`; the second, by another officer, imports the merged roster and ends
    the process in the same transaction, under the process lock, so of two officers signing
    at once exactly one signs each task.

    Raises PermissionDenied (not an officer who may sign, one who staged the merger or signed
    it already, or the task is someone else's) and ValidationError (already live, the
    register does not reconcile, or the merged roster was refused).
    """
    from registry.merger_flow import MergerFlow

    merger = SchemeMerger.objects.get(pk=merger_id)
    _refuse_if_live(merger)  # one that went live before the flow existed has no process
    with MergerFlow.lock(merger.process_id), transaction.atomic():
        merger = SchemeMerger.objects.select_for_update().get(pk=merger_id)
        _refuse_if_live(merger)
        _check_signer(merger, user)
        task = _open_task(merger, user)
        first = merger.state == MergerState.STAGED
        transition = merger.sign_first if first else merger.sign_second
        register = merger.register
        if not can_proceed(transition):
            raise ValidationError([_("The register does not reconcile, so it cannot be "
                                     "signed.")] + register.problems)
        old = merger.state
        now = timezone.now()
        transition()
        if first:
            merger.first_signed_by, merger.first_signed_at = user, now
        else:
            merger.second_signed_by, merger.second_signed_at = user, now
            merger.live_run = _go_live(merger, register, user)
        merger.save()
        audit.record(user, "registry.merger_signed", merger, changes={
            "state": [old, merger.state], "people": len(register.merged),
            "duplicates": len(register.duplicates),
            "merged_premium_fen": register.merged_premium_fen,
            "refund_fen": register.refund_fen})
        complete(task, user)  # opens the second signature, or ends the process (MergerFlow)
    return merger


def _refuse_if_live(merger: SchemeMerger) -> None:
    if merger.state == MergerState.LIVE:
        raise ValidationError(_("Merger %(merger)s is already live.") % {"merger": merger})


def _check_signer(merger: SchemeMerger, user) -> None:
    """Four eyes (registry.models.may_sign_merger), with the reason of a refusal."""
    if not user.has_perm(SIGN_OFF_PERMISSION):
        raise PermissionDenied(_("Signing a merger's register is not your role."))
    if user.pk in merger.stager_ids():
        raise PermissionDenied(_("You staged merger %(merger)s: two other officers must sign "
                                 "it.") % {"merger": merger})
    if not may_sign_merger(merger, user):
        raise PermissionDenied(_("You signed this register already: a second, different "
                                 "officer must sign it."))


def _open_task(merger: SchemeMerger, user) -> Task:
    """The merger's open sign-off task, re-read under the process lock."""
    task = (Task.objects.select_for_update()
            .filter(process_id=merger.process_id, status__in=OPEN_TASK,
                    flow_task_type="HUMAN").first())
    if task is None:
        raise ValidationError(_("Merger %(merger)s has no sign-off waiting.")
                              % {"merger": merger})
    if task.owner_id not in (None, user.pk):
        raise PermissionDenied(_("This sign-off is assigned to %(user)s.")
                               % {"user": task.owner})
    return task


def open_sign_task(merger: SchemeMerger, user) -> Task | None:
    """The sign-off task the user may take or carry on now (the merger page links to it)."""
    if merger.process_id is None or not may_sign_merger(merger, user):
        return None
    return (Task.objects.filter(process_id=merger.process_id, status__in=OPEN_TASK,
                                flow_task_type="HUMAN")
            .filter(Q(owner__isnull=True) | Q(owner=user)).first())


def _go_live(merger: SchemeMerger, register: Register, user) -> ImportRun:
    """Import the merged roster as people.csv; a refusal rolls the signature back."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=PEOPLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(register.merged)
    run = run_import(io.BytesIO(text.getvalue().encode()), PeopleSpec(user, _file_name(merger)),
                     _file_name(merger))
    if run.status != ImportRun.Status.LOADED:
        raise ValidationError([_("The merged roster was refused; nothing went live.")] + [
            _("Row %(row)s, %(column)s %(value)s: %(reason)s") % error
            for error in run.errors[:20]])
    return run


def _file_name(merger: SchemeMerger) -> str:
    return f"merger-{merger.pk}-{merger.target_scheme}-{merger.year}.csv"
