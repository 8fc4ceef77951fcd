"""What other apps may call in the registry (DESIGN.md: apps call services, not tables)."""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from django.core.files.storage import default_storage
from django.db.models import Q

from fraud import services as fraud
from registry import importers as registry_importers
from registry.importing.runner import FileSpec, run_import
from registry.choices import Scheme
from registry.models import Certificate, Enrolment, Hospital, ImportRun, Person
from registry.scope import restrict
from workflow import importers as workflow_importers

#: Contract files in dependency order: each file's references are loaded before it.
IMPORT_ORDER = ("hospitals", "people", "staff", "relations", "referrals", "claims",
                "bill_lines", "decisions")
SPECS: dict[str, type[FileSpec]] = {
    spec.kind: spec for spec in registry_importers.SPECS + workflow_importers.SPECS}
SUFFIXES = (".csv", ".xlsx")


def void_certificate(number: str, actor, reason: str):
    """Void a lent or altered certificate (DOMAIN.md "Certificate lending": certificate void
    and confiscated; a void certificate makes the calculator reject claims, CERT_INVALID),
    with its status-history row and an audit row. Casework calls it on a confirmed case."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from audit import services as audit
    from registry.choices import CertificateStatus
    from registry.models import Certificate, CertificateStatusChange

    if not actor.has_perm("registry.change_certificate"):
        raise PermissionDenied
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=number)
        old = certificate.status
        if old == CertificateStatus.VOID:
            return certificate
        certificate.status = CertificateStatus.VOID
        certificate.save(update_fields=["status"])
        CertificateStatusChange.objects.create(
            certificate=certificate, old_status=old, new_status=certificate.status,
            changed_by=actor, reason=reason[:200])
        audit.record(actor, "registry.void_certificate", certificate,
                     changes={"status": [old, certificate.status]}, reason=reason)
    return certificate


def kind_from_file_name(file_name: str) -> str | None:
    """`claims.csv` or `claims.xlsx` -> "claims"; None for any other name."""
    path = Path(file_name)
    return path.stem if path.suffix.lower() in SUFFIXES and path.stem in SPECS else None


def import_file(file: str | Path | BinaryIO, kind: str, actor=None,
                file_name: str | None = None) -> ImportRun:
    """Import one contract file (a path or a binary file object) of `kind`, all or nothing.

    The returned ImportRun is `loaded` with created/updated/unchanged counts, or `rejected`
    with every bad row in `errors` and nothing from the file stored (CONTRACT.md)."""
    spec_class = SPECS[kind]
    if isinstance(file, (str, Path)):
        with open(file, "rb") as stream:
            return run_import(stream, spec_class(actor, file_name or Path(file).name),
                              file_name or Path(file).name)
    name = file_name or getattr(file, "name", "") or f"{kind}.csv"
    return run_import(file, spec_class(actor, name), name)


def store_upload(upload, kind: str) -> tuple[str, str]:
    """Keep an uploaded contract file for its upload job (issue 9: uploads load in the
    background): in a new directory under the media storage, named for its kind
    (`claims.csv`) so that `contract_files` finds it. Returns (the directory's storage
    name, the stored file's name)."""
    directory = f"uploads/{uuid.uuid4().hex}"
    stored = kind + Path(upload.name).suffix.lower()
    default_storage.save(f"{directory}/{stored}", upload)
    return directory, stored


def contract_files(path: str | Path) -> list[tuple[str, Path]]:
    """(kind, file) of every contract file present directly in `path` (name.csv or
    name.xlsx), in IMPORT_ORDER; subdirectories are ignored."""
    directory = Path(path)
    return [(kind, directory / f"{kind}{suffix}") for kind in IMPORT_ORDER
            for suffix in SUFFIXES if (directory / f"{kind}{suffix}").is_file()]


def import_directory(path: str | Path, actor=None) -> list[ImportRun]:
    """Import every contract file of `contract_files(path)` in order. A rejected file does
    not stop later files, whose references to its rows are then reported as unknown."""
    runs = [import_file(file, kind, actor=actor) for kind, file in contract_files(path)]
    fraud.score_after_import(runs, actor=actor)  # issue 7: scoring runs after each import
    return runs


def import_runs(pks) -> list[ImportRun]:
    """The ImportRuns of these ids, in the order given (a job's file batches)."""
    runs = ImportRun.objects.in_bulk(list(pks))
    return [runs[pk] for pk in pks if pk in runs]


# What home pages, dashboards and search read (the dashboard app), in the user's scope.

def enrolment_counts(user, year: int) -> tuple[int, int]:
    """(residents alive at the start of the year, those enrolled in one of our schemes that
    year) among the people the user sees: the enrolment rate's parts (DOMAIN.md "The fund":
    enrolment rate, target 90%+). The urban employees' roster is another fund's."""
    residents = restrict(Person.objects.filter(
        Q(died_on__isnull=True) | Q(died_on__gte=f"{year}-01-01")), user)
    enrolled = residents.filter(pk__in=Enrolment.objects.filter(year=year).exclude(
        scheme=Scheme.URBAN_EMPLOYEE).values("person_id"))
    return residents.count(), enrolled.count()


def find(user, text: str, limit: int = 20) -> dict[str, list]:
    """People, certificates and hospitals in the user's scope matching an ID (exact or
    leading part) or a name (any part): the search page's registry results."""
    text = text.strip()
    people = restrict(Person.objects.filter(
        Q(person_id__istartswith=text) | Q(name__icontains=text)), user)
    certificates = restrict(Certificate.objects.filter(
        Q(number__istartswith=text) | Q(person__person_id__iexact=text)), user)
    hospitals = restrict(Hospital.objects.filter(
        Q(code__istartswith=text) | Q(name__icontains=text)), user)
    return {
        "people": list(people.select_related("household__township").order_by("name",
                                                                             "person_id")[:limit]),
        "certificates": list(certificates.select_related("person").order_by("number")[:limit]),
        "hospitals": list(hospitals.order_by("code")[:limit]),
    }
