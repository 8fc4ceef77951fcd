"""A person's cover moving between schemes or counties (转移接续, DOMAIN.md "Referrals and
transfers"): the registry's side of a scheme transfer. Other apps (workflow's transfer flow)
call these functions; they never write enrolments themselves (DESIGN.md: apps call services).

Cover ends in one scheme and starts in the other with no gap and no overlap: the first day of
the new cover is exactly the day after the last day of the old one (`continuity_error`).
The new enrolment runs to the end of its policy year (policy year = calendar year) and takes
tier, subsidised categories and certificate from the person's old enrolment (or, when the old
cover was outside the county, from their latest enrolment here).
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from registry.models import Enrolment, Person, Village


def continuity_error(end: dt.date, start: dt.date) -> str | None:
    """Why `start` cannot follow cover ending on `end` (a gap or an overlap), or None."""
    expected = end + dt.timedelta(days=1)
    if start == expected:
        return None
    days = abs((start - expected).days)
    if start > expected:
        return _("The new cover would start on %(start)s, leaving a gap of %(days)s day(s) after "
                 "the old cover ends on %(end)s: it must start on %(expected)s.") % {
            "start": start, "days": days, "end": end, "expected": expected}
    return _("The new cover would start on %(start)s, overlapping the old cover (which ends on "
             "%(end)s) by %(days)s day(s): it must start on %(expected)s.") % {
        "start": start, "days": days, "end": end, "expected": expected}


def _enrolment_covering(person_id: str, scheme: str, day: dt.date, lock=False) -> Enrolment:
    enrolments = Enrolment.objects.filter(person_id=person_id, scheme=scheme, year=day.year,
                                          enrolled_from__lte=day, enrolled_to__gte=day)
    enrolment = (enrolments.select_for_update() if lock else enrolments).first()
    if enrolment is None:
        raise ValidationError(_("%(person)s has no cover in scheme %(scheme)s on %(day)s, so "
                                "it cannot end that day.") % {
            "person": person_id, "scheme": scheme, "day": day})
    return enrolment


def check_end(person_id: str, scheme: str, end: dt.date) -> None:
    """The old office's date: a day the person is covered in the old scheme."""
    _enrolment_covering(person_id, scheme, end)


def _check_start(person_id: str, scheme: str, start: dt.date, village_code: str) -> None:
    """The new cover: no enrolment of the new scheme in that year yet, no other cover still
    running on its first day (the old one has been ended by then), and a known village."""
    if Enrolment.objects.filter(person_id=person_id, scheme=scheme, year=start.year).exists():
        raise ValidationError(_("%(person)s is already enrolled in scheme %(scheme)s for "
                                "%(year)s: that would be a duplicate enrolment.") % {
            "person": person_id, "scheme": scheme, "year": start.year})
    running = (Enrolment.objects.filter(person_id=person_id, year=start.year,
                                        enrolled_to__gte=start).order_by("enrolled_to").last())
    if running is not None:
        raise ValidationError(_("%(person)s is covered by scheme %(scheme)s until %(end)s: the "
                                "new cover from %(start)s would overlap it.") % {
            "person": person_id, "scheme": running.scheme, "end": running.enrolled_to,
            "start": start})
    if not Village.objects.filter(code=village_code).exists():
        raise ValidationError(_("Unknown village %(village)s.") % {"village": village_code})


@transaction.atomic
def transfer_cover(person_id: str, *, actor, reason: str,
                   end: tuple[str, dt.date] | None = None,
                   start: tuple[str, dt.date, str] | None = None) -> Enrolment | None:
    """End the cover in the old scheme (`end` = (scheme, last day)) and start it in the new
    one (`start` = (scheme, first day, village code)); a side outside the county is None.
    Checks both dates again and refuses any gap or overlap; returns the new enrolment."""
    if end and start and (error := continuity_error(end[1], start[1])):
        raise ValidationError(error)
    old = None
    if end:
        old = _enrolment_covering(person_id, end[0], end[1], lock=True)
        previous = old.enrolled_to
        old.enrolled_to = end[1]
        old.save(update_fields=["enrolled_to"])
        audit.record(actor, "registry.cover_ended", old,
                     changes={"enrolled_to": [previous.isoformat(), end[1].isoformat()]},
                     reason=reason)
    if not start:
        return None
    scheme, first_day, village_code = start
    _check_start(person_id, scheme, first_day, village_code)
    model = old or (Enrolment.objects.filter(person_id=person_id)
                    .order_by("-year", "-enrolled_to", "-id").first())
    if model is None:
        raise ValidationError(_("%(person)s has no enrolment to take tier and certificate from: "
                                "register the person with people.csv first.")
                              % {"person": person_id})
    village = Village.objects.get(code=village_code)
    person = Person.objects.get(pk=person_id)
    enrolment = Enrolment.objects.create(
        person=person, scheme=scheme, year=first_day.year, tier=model.tier,
        household=person.household, township_id=village.township_id, village=village,
        categories=model.categories, veteran_category=model.veteran_category,
        certificate_id=model.certificate_id, enrolled_from=first_day,
        enrolled_to=dt.date(first_day.year, 12, 31))
    audit.record(actor, "registry.cover_started", enrolment, changes={
        "scheme": scheme, "enrolled_from": first_day.isoformat(),
        "enrolled_to": enrolment.enrolled_to.isoformat(), "village": village_code},
        reason=reason)
    return enrolment
