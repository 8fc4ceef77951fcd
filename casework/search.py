"""Cases for the search page (issue 10): by case number, or by their subject's ID or name.

Cases reach no township or hospital (registry.scope: `Paths()`), so only county-wide holders
of `casework.view_case` find any: investigators and their supervisor, never township or
hospital staff, whatever they type. A subject is named by what it is: a person or a
certificate by the person's name, a claim by its claimant's, a hospital by its own.
"""
from __future__ import annotations

from django.db.models import Q

from casework.choices import CaseSubject
from casework.models import Case
from registry.models import Certificate, Hospital, Person
from registry.scope import restrict
from workflow.models import Claim

VIEW = "casework.view_case"


def _named(text: str) -> Q:
    """Cases whose subject's name (any part) contains `text`."""
    return (Q(subject_type=CaseSubject.PERSON,
              subject_id__in=Person.objects.filter(name__icontains=text).values("pk"))
            | Q(subject_type=CaseSubject.CLAIM,
                subject_id__in=Claim.objects.filter(person__name__icontains=text).values("pk"))
            | Q(subject_type=CaseSubject.CERTIFICATE,
                subject_id__in=Certificate.objects.filter(
                    person__name__icontains=text).values("pk"))
            | Q(subject_type=CaseSubject.HOSPITAL,
                subject_id__in=Hospital.objects.filter(name__icontains=text).values("pk")))


def find_cases(user, text: str, limit: int = 20) -> list[Case]:
    """Cases in the user's scope numbered `text` ("#12" or "12"), whose subject ID starts
    with it, or whose subject's name contains it; newest first, each with `subject_name`."""
    text = text.strip()
    if not text or not user.has_perm(VIEW):
        return []
    matching = Q(subject_id__istartswith=text) | _named(text)
    number = text.removeprefix("#")
    if number.isdigit():
        matching |= Q(pk=int(number))
    cases = list(restrict(Case.objects.filter(matching), user)
                 .order_by("-opened_at", "-pk")[:limit])
    names = subject_names(cases)
    for case in cases:
        case.subject_name = names.get((case.subject_type, case.subject_id), "")
    return cases


def subject_names(cases) -> dict[tuple[str, str], str]:
    """{(subject type, subject ID): name} for the cases' people, certificates, claims and
    hospitals: one query per kind, whatever the number of cases."""
    ids: dict[str, set[str]] = {}
    for case in cases:
        ids.setdefault(case.subject_type, set()).add(case.subject_id)
    lookups = {
        CaseSubject.PERSON: Person.objects.values_list("pk", "name"),
        CaseSubject.CERTIFICATE: Certificate.objects.values_list("pk", "person__name"),
        CaseSubject.CLAIM: Claim.objects.values_list("pk", "person__name"),
        CaseSubject.HOSPITAL: Hospital.objects.values_list("pk", "name"),
    }
    names = {}
    for kind, rows in lookups.items():
        if ids.get(kind):
            names.update({(kind, str(pk)): name for pk, name in rows.filter(pk__in=ids[kind])})
    return names
