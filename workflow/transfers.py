"""Scheme transfers (转移接续, DOMAIN.md "Referrals and transfers"): the one door through which
pages and commands file a transfer, confirm its end and start dates, or refuse it.

Each call checks the permission and the office (models.acts_for_office through the
transition's permission), changes the state through the transfer's transition, writes the
audit row and completes the Viewflow task in one transaction, under the process lock.
The registry's cover is changed only by registry.coverage.transfer_cover, on completion.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import services as audit
from claimdesk.flow_tasks import complete
from registry import coverage
from registry.choices import Scheme
from registry.models import Enrolment, Person, Village
from registry.scope import restrict
from workflow.choices import TransferState
from workflow.models import TRANSFER_PERMISSION, SchemeTransfer, acts_for_office
from workflow.transfer_flow import TransferFlow

OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED)
OPEN_STATES = (TransferState.REQUESTED, TransferState.END_CONFIRMED)
OUTSIDE_SCHEMES = (Scheme.URBAN_EMPLOYEE,)
"""Schemes this county does not run (DOMAIN.md: urban_employee is only a foreign roster)."""


class TransferTaskClosed(PermissionDenied):
    """The confirmation task was already done, or is someone else's."""


def _office_errors(old_township_id, old_county, new_township_id, new_county):
    errors = {}
    if bool(old_township_id) == bool(old_county.strip()):
        errors["old_county"] = _("Name the old office: a township of this county or an office "
                                 "outside it, not both.")
    if bool(new_township_id) == bool(new_county.strip()):
        errors["new_county"] = _("Name the new office: a township of this county or an office "
                                 "outside it, not both.")
    if not errors and not old_township_id and not new_township_id:
        errors["new_county"] = _("At least one office must be in this county.")
    return errors


def _scheme_errors(from_scheme, to_scheme, old_township_id, new_township_id):
    errors = {}
    if old_township_id and from_scheme in OUTSIDE_SCHEMES:
        errors["from_scheme"] = _("This county does not run that scheme.")
    if new_township_id and to_scheme in OUTSIDE_SCHEMES:
        errors["to_scheme"] = _("This county does not run that scheme.")
    if old_township_id and new_township_id and from_scheme == to_scheme:
        errors["to_scheme"] = _("Inside the county a transfer changes the scheme; moving "
                                "between townships in one scheme is a change of address.")
    return errors


def _new_village(person: Person, new_township_id, new_village_id) -> str | None:
    """The village the new cover is registered in: the one given, else the household's when it
    is in the new township."""
    if not new_township_id:
        return None
    if new_village_id:
        if not Village.objects.filter(code=new_village_id, township_id=new_township_id).exists():
            raise ValidationError({"new_village": _("The village is not in the new township.")})
        return new_village_id
    if person.household.township_id != new_township_id:
        raise ValidationError({"new_village": _("Choose the village of the new cover: the "
                                                "household is in another township.")})
    return person.household.village_id


@transaction.atomic
def file_transfer(user, *, person_id: str, from_scheme: str, to_scheme: str, reason: str,
                  old_township_id: str | None = None, old_county: str = "",
                  new_township_id: str | None = None, new_county: str = "",
                  new_village_id: str | None = None) -> SchemeTransfer:
    """File a transfer; the old office's confirmation task opens. The filer works at one of
    the two offices (or county-wide); the person's old cover must be at the old office."""
    if not user.has_perm("workflow.add_schemetransfer"):
        raise PermissionDenied(_("Filing scheme transfers is not your role."))
    errors = _office_errors(old_township_id, old_county, new_township_id, new_county)
    errors.update(_scheme_errors(from_scheme, to_scheme, old_township_id, new_township_id))
    if errors:
        raise ValidationError(errors)
    if not (_works_at(user, old_township_id) or _works_at(user, new_township_id)):
        raise PermissionDenied(_("You may file a transfer only for your own office."))
    person = Person.objects.select_related("household").get(pk=person_id)
    if old_township_id and not Enrolment.objects.filter(
            person=person, scheme=from_scheme, township_id=old_township_id).exists():
        raise ValidationError({"from_scheme": _(
            "%(person)s has no cover in this scheme at the old office.") % {"person": person}})
    if SchemeTransfer.objects.filter(person=person, state__in=OPEN_STATES).exists():
        raise ValidationError(_("%(person)s already has a transfer under way.")
                              % {"person": person})
    transfer = SchemeTransfer.objects.create(
        person=person, from_scheme=from_scheme, to_scheme=to_scheme, reason=reason,
        old_township_id=old_township_id or None, old_county=old_county.strip(),
        new_township_id=new_township_id or None, new_county=new_county.strip(),
        new_village_id=_new_village(person, new_township_id, new_village_id),
        filed_by=user, filed_at=timezone.now())
    audit.record(user, "workflow.transfer_filed", transfer, changes={
        "state": ["", transfer.state], "from": [transfer.from_scheme, transfer.old_office],
        "to": [transfer.to_scheme, transfer.new_office]}, reason=reason)
    TransferFlow.start.run(transfer=transfer)
    return transfer


def _works_at(user, township_id: str | None) -> bool:
    """Filing: staff of the township, or county-wide staff for any office."""
    if user.is_superuser:
        return True
    profile = getattr(user, "staff", None)
    return profile is not None and (profile.is_county_wide or (
        township_id is not None and profile.township_id == township_id))


def _open_task(task_id: int, user, step: str) -> Task:
    task = Task.objects.select_for_update().get(pk=task_id)
    if task.status not in OPEN_TASK or task.flow_task.name != step:
        raise TransferTaskClosed(_("This task is already done."))
    if task.owner_id not in (None, user.pk):
        raise TransferTaskClosed(_("This task is assigned to %(user)s.") % {"user": task.owner})
    return task


def _act(task_id: int, user, step: str, transition_name: str, change) -> SchemeTransfer:
    """Lock the process, check the task and the office's right, apply `change`, audit."""
    process_id = Task.objects.values_list("process_id", flat=True).get(pk=task_id)
    with TransferFlow.lock(process_id), transaction.atomic():
        task = _open_task(task_id, user, step)
        transfer = SchemeTransfer.objects.select_for_update().get(process_id=process_id)
        transition = getattr(transfer, transition_name)
        if not has_transition_perm(transition, user):
            raise PermissionDenied(_("Only the office whose turn it is may act on transfer "
                                     "%(transfer)s.") % {"transfer": transfer.pk})
        old = transfer.state
        reason = change(transfer)
        transition()
        transfer.save()
        audit.record(user, f"workflow.transfer_{transition_name}", transfer, changes={
            "state": [old, transfer.state],
            "end_date": transfer.end_date.isoformat() if transfer.end_date else None,
            "start_date": transfer.start_date.isoformat() if transfer.start_date else None},
            reason=reason)
        complete(task, user)  # opens the next step (TransferFlow)
    return transfer


def confirm_end(task_id: int, user, end_date: dt.date, note: str = "") -> SchemeTransfer:
    """The old office confirms the last day of cover (a day the person is covered there)."""
    def change(transfer):
        if transfer.old_township_id:
            coverage.check_end(transfer.person_id, transfer.from_scheme, end_date)
        transfer.end_date, transfer.end_confirmed_by = end_date, user
        return note
    return _act(task_id, user, "confirm_end", "confirm_end", change)


def confirm_start(task_id: int, user, start_date: dt.date, note: str = "") -> SchemeTransfer:
    """The new office confirms the first day of cover: exactly the day after the old cover's
    last day (no gap, no overlap); the registry's cover moves in the same transaction."""
    def change(transfer):
        if error := coverage.continuity_error(transfer.end_date, start_date):
            raise ValidationError(error)
        transfer.start_date, transfer.start_confirmed_by = start_date, user
        coverage.transfer_cover(
            transfer.person_id, actor=user, reason=_("scheme transfer %(transfer)s") % {
                "transfer": transfer.pk},
            end=(transfer.from_scheme, transfer.end_date) if transfer.old_township_id else None,
            start=((transfer.to_scheme, start_date, transfer.new_village_id)
                   if transfer.new_township_id else None))
        return note
    return _act(task_id, user, "confirm_start", "confirm_start", change)


def refuse(task_id: int, user, reason: str) -> SchemeTransfer:
    """The office whose turn it is refuses the transfer, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the transfer is refused.")})
    task = Task.objects.get(pk=task_id)

    def change(transfer):
        transfer.refusal = reason
        return reason
    return _act(task_id, user, task.flow_task.name, "refuse", change)


def visible_transfers(user):
    """Transfers the user may see: both offices' staff and county-wide roles (registry.scope)."""
    return restrict(SchemeTransfer.objects.select_related(
        "person", "old_township", "new_township"), user)


def open_tasks(user):
    """Confirmation tasks the user may take now: the office whose turn it is."""
    if not user.is_authenticated or not user.has_perm(TRANSFER_PERMISSION):
        return Task.objects.none()
    tasks = Task.objects.filter(process__flow_class=TransferFlow, status__in=OPEN_TASK,
                                flow_task_type="HUMAN").select_related("process")
    if user.is_superuser:
        return tasks
    profile = getattr(user, "staff", None)
    if profile is None:
        return Task.objects.none()
    township = None if profile.is_county_wide else profile.township_id
    if township is None and not acts_for_office(user, None):
        return Task.objects.none()
    old, new = "process__scheme_transfer__old_township", "process__scheme_transfer__new_township"
    state = "process__scheme_transfer__state"
    if township is None:
        return tasks.filter(Q(**{state: TransferState.REQUESTED, f"{old}__isnull": True})
                            | Q(**{state: TransferState.END_CONFIRMED, f"{new}__isnull": True}))
    return tasks.filter(Q(**{state: TransferState.REQUESTED, old: township})
                        | Q(**{state: TransferState.END_CONFIRMED, new: township}))
