"""The referral certificate as an A4 PDF (WeasyPrint, Noto CJK fonts) with a QR code.

Rendered once, when the county office approves (workflow.referrals.decide), and stored with its
SHA-256: the certificate the patient carries is the one the office issued. Rendered in the
office language (settings.LANGUAGE_CODE) whoever approves, like the public notices. The QR code
and the short code both lead to the public verification page, which says whether the referral
is valid today; the certificate itself shows the patient's full name (the receiving hospital
checks it against the ID card) and the resident ID with its middle digits hidden. Dates are
ISO (2025-03-01): a certificate is read by hospitals in other provinces and by machines.
"""
import base64
import hashlib

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def public_url(name: str, *args) -> str:
    return settings.REFERRAL_PUBLIC_BASE_URL.rstrip("/") + reverse(f"referrals_public:{name}",
                                                                    args=args)


def qr_data_uri(text: str) -> str:
    """The QR code of `text` as an SVG data URI (vector: sharp at any print size)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def masked_id(person_id: str) -> str:
    """510101********1234: region and the last four characters (birth date hidden)."""
    return person_id[:6] + "*" * (len(person_id) - 10) + person_id[-4:]


def render(referral) -> bytes:
    """The certificate of an approved referral (its window and decision already set)."""
    url = public_url("verify", referral.code)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("workflow/referrals/certificate_pdf.html", {
            "referral": referral, "title": _("Referral certificate"),
            "person_id": masked_id(referral.person_id),
            "valid_from": referral.valid_from.isoformat(),
            "valid_to": referral.valid_to.isoformat(),
            "approved_at": f"{timezone.localtime(referral.decided_at):%Y-%m-%d %H:%M}",
            "qr": qr_data_uri(url), "lookup_url": public_url("lookup"),
            "language": settings.LANGUAGE_CODE,
        })
    return HTML(string=html).write_pdf()
