"""The notice as an A4 PDF (WeasyPrint, Noto CJK fonts), and its SHA-256.

Rendered once, by the job that publishes an approved notice (notices.publication): the bytes
and their hash are stored with the notice and never rendered again, so the PDF a villager
downloads is the one whose SHA-256 is printed on the public page (DOMAIN.md: "Each published
PDF has a stored SHA-256"). Rendered in the office language (settings.LANGUAGE_CODE) whoever
approves. Each line is one text run in a monospaced CJK font (notices.columns explains why),
a village's lines one block of text, and the whole document in that one font face.
"""
import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from notices.columns import Column, format_row
from notices.ledger import yuan

COLUMNS = [Column(5, right=True), Column(10), Column(14), Column(30), Column(14),
           Column(13, right=True), Column(13, right=True)]
"""No., name, village, hospital, claim type, total cost, reimbursed (display columns)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def title(notice) -> str:
    if notice.erratum_of_id:
        return _("%(township)s: erratum to the public notice of reimbursements, %(year)s-%(month)02d"
                 ) % {"township": notice.township.name, "year": notice.month.year,
                      "month": notice.month.month}
    return _("%(township)s: public notice of reimbursements, %(year)s-%(month)02d") % {
        "township": notice.township.name, "year": notice.month.year,
        "month": notice.month.month}


def fund_rows(notice) -> list[tuple[str, dict]]:
    """The fund table: this month and the year to date (notices.ledger)."""
    rows = []
    for label, figures in ((_("This month"), notice.month_figures),
                           (_("Year to date"), notice.year_figures)):
        utilisation = figures.utilisation_percent
        rows.append((label, {
            "income": yuan(figures.income_fen), "spending": yuan(figures.spending_fen),
            "balance": yuan(figures.balance_fen),
            "utilisation": "—" if utilisation is None else f"{utilisation}%"}))
    return rows


def _text_sections(sections) -> list[dict]:
    rows = []
    for section in sections:
        lines = [format_row([str(line.line_no), line.masked_name, section.village_name,
                             line.hospital_name, str(line.get_claim_type_display()),
                             yuan(line.total_cost_fen), yuan(line.reimbursed_fen)], COLUMNS)
                 for line in section.lines]
        total = format_row(
            ["", _("Total"), section.village_name, _("%(count)s claims") % {"count": section.count},
             "", yuan(section.total_cost_fen), yuan(section.reimbursed_fen)], COLUMNS)
        rows.append({"village": section.village_name, "lines": "\n".join(lines), "total": total})
    return rows


def render(notice, sections, public_url: str) -> bytes:
    """The notice's PDF. `notice` carries its publication dates (set before rendering)."""
    with translation.override(settings.LANGUAGE_CODE):
        header = format_row([_("No."), _("Name"), _("Village"), _("Hospital"), _("Claim type"),
                             _("Total cost"), _("Reimbursed")], COLUMNS)
        local = timezone.localtime(notice.published_at)
        html = render_to_string("notices/notice_pdf.html", {
            "notice": notice, "title": title(notice), "header": header,
            "fund_rows": fund_rows(notice), "sections": _text_sections(sections),
            "total_cost": yuan(notice.total_cost_fen), "reimbursed": yuan(notice.reimbursed_fen),
            "published": formats.date_format(local, "DATE_FORMAT"),
            "objections_until": formats.date_format(
                timezone.localtime(notice.objections_close_at), "DATETIME_FORMAT"),
            "public_url": public_url, "language": settings.LANGUAGE_CODE,
        })
    return HTML(string=html).write_pdf()
