"""Evidence files: typed by their content, size-limited, stored with their SHA-256."""
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from casework import evidence
from casework.models import Evidence

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def case(alert, paid_claim, case_of):
    return case_of([alert(paid_claim.pk)], "investigation")


def test_a_pdf_is_stored_with_its_checksum(county, case):
    item = evidence.add(case.pk, county.staff["investigator"],
                        SimpleUploadedFile("bill scan.pdf", PDF), "hospital bill")
    assert (item.content_type, item.size, item.sha256) == (
        "application/pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
    with item.file.open("rb") as stored:
        assert stored.read() == PDF
    assert case.events.filter(action="evidence", text="bill scan.pdf").exists()


@pytest.mark.parametrize("name,data", [
    ("notes.pdf", b"MZ\x90\x00 a Windows program renamed"),  # content is not a PDF
    ("notes.txt", b"plain text"),
    ("photo.pdf", PNG),  # a PNG called .pdf
])
def test_a_file_of_the_wrong_type_is_refused(county, case, name, data):
    with pytest.raises(ValidationError) as refused:
        evidence.add(case.pk, county.staff["investigator"], SimpleUploadedFile(name, data))
    assert name in str(refused.value)
    assert not Evidence.objects.exists()


def test_a_file_over_the_size_limit_is_refused(county, case, settings):
    settings.CASE_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        evidence.add(case.pk, county.staff["investigator"],
                     SimpleUploadedFile("big.pdf", PDF + b" " * 100))
    assert "at most 100 bytes" in str(refused.value)
    assert not Evidence.objects.exists()


def test_types_can_be_narrowed_in_settings(county, case, settings):
    settings.CASE_EVIDENCE_TYPES = ["pdf"]
    with pytest.raises(ValidationError):
        evidence.add(case.pk, county.staff["investigator"], SimpleUploadedFile("a.png", PNG))


def test_only_investigators_add_evidence(county, case):
    with pytest.raises(PermissionDenied):
        evidence.add(case.pk, county.staff["director"], SimpleUploadedFile("a.pdf", PDF))
