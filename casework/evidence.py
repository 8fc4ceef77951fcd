"""Evidence files: size-limited, typed by their content (not their name), stored under
MEDIA_ROOT with their SHA-256.

The type is sniffed from the first bytes (a renamed executable is refused even when it is
called scan.pdf) and must agree with the file name's extension; the allowed types are
settings.CASE_EVIDENCE_TYPES and the size limit settings.CASE_EVIDENCE_MAX_BYTES.
"""
from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from casework import timeline
from casework.choices import CaseAction
from casework.models import Evidence
from casework.procedure import locked, require_work

SIGNATURES = {
    "pdf": (b"%PDF-", "application/pdf", {".pdf"}),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
}
"""Type name -> (magic bytes, content type, extensions)."""


def sniff(head: bytes) -> str | None:
    """The type name whose signature the content starts with, or None."""
    for name, (magic, _content_type, _extensions) in SIGNATURES.items():
        if head.startswith(magic):
            return name
    return None


def check(name: str, data: bytes, size: int) -> str:
    """The allowed type of an upload, or ValidationError naming the file and the reason."""
    if size > settings.CASE_EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": _(
            "%(name)s is %(size)s bytes; evidence files may be at most %(limit)s bytes.") % {
            "name": name, "size": size, "limit": settings.CASE_EVIDENCE_MAX_BYTES}})
    kind = sniff(data[:16])
    allowed = [t for t in settings.CASE_EVIDENCE_TYPES if t in SIGNATURES]
    if kind is None or kind not in allowed:
        raise ValidationError({"file": _(
            "%(name)s is not one of the allowed types (%(types)s) by its content.") % {
            "name": name, "types": ", ".join(allowed)}})
    if PurePath(name).suffix.lower() not in SIGNATURES[kind][2]:
        raise ValidationError({"file": _(
            "%(name)s holds a %(kind)s file but its name says otherwise.") % {
            "name": name, "kind": kind.upper()}})
    return kind


@transaction.atomic
def add(case_id: int, actor, upload, description: str = "") -> Evidence:
    """Store an uploaded file (a Django UploadedFile or any object with `name` and
    `read()`) as evidence of the case."""
    require_work(actor)
    case = locked(case_id)
    if not case.is_open:
        raise ValidationError(_("Case %(case)s is closed.") % {"case": case.pk})
    limit = settings.CASE_EVIDENCE_MAX_BYTES
    data = upload.read(limit + 1)
    name = PurePath(upload.name).name[:200]
    kind = check(name, data, max(getattr(upload, "size", 0) or 0, len(data)))
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(case=case, original_name=name, content_type=SIGNATURES[kind][1],
                        size=len(data), sha256=digest, description=description[:300],
                        uploaded_by=actor)
    evidence.file.save(f"{case.pk}-{digest[:16]}{PurePath(name).suffix.lower()}",
                       ContentFile(data), save=False)
    evidence.save()
    timeline.record(case, CaseAction.EVIDENCE, actor, name,
                    changes={"evidence": evidence.pk, "sha256": digest, "size": len(data)})
    return evidence
