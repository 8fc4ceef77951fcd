"""The approved referral's certificate is a real PDF in a CJK font with a QR code and the
short code, and the public verification page (no login, masked name only) resolves the code to
valid, expired or rejected."""
import subprocess

import pytest
from django.urls import reverse

from tests.workflow.referrals import approve, clock, file, reject  # noqa: F401


@pytest.fixture
def approved(county, clock):
    referral = file(county)
    approve(county, referral)
    return referral


def test_certificate_renders_to_a_page_with_the_number_code_and_name(approved, tmp_path):
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(bytes(approved.certificate_pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert approved.referral_no in text and approved.code in text
    assert "张伟" in text and "市第一人民医院" in text  # CJK glyphs, not empty boxes
    assert "2025-03-01" in text or "2025年3月1日" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def verify(client, code):
    return client.get(reverse("referrals_public:verify", args=[code]))


def test_the_public_page_says_valid_with_the_masked_name_only(client, approved):
    response = verify(client, approved.code.lower())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="standing" class="standing-valid"' in page
    assert "张*" in page and "张伟" not in page and approved.person_id not in page


def test_the_public_page_says_expired_after_the_window(client, approved, clock):
    clock.advance(30)
    assert 'class="standing-expired"' in verify(client, approved.code).content.decode()


def test_the_public_page_says_rejected_or_unknown(client, county, clock):
    refused = file(county, person="li_na")
    reject(county, refused)
    assert 'class="standing-rejected"' in verify(client, refused.code).content.decode()
    unknown = verify(client, "ZZZZZZZZ")
    assert unknown.status_code == 404 and "standing-unknown" in unknown.content.decode()


def test_the_lookup_form_sends_the_code_to_its_page(client, approved):
    response = client.get(reverse("referrals_public:lookup"), {"code": f" {approved.code} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals_public:verify", args=[approved.code])
