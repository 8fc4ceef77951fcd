"""The decision letter of a closed case, an A4 PDF (WeasyPrint, Noto CJK fonts).

Rendered once when the case is decided, in the office language (settings.LANGUAGE_CODE),
and stored with its SHA-256 (casework.models.CaseDecision): the letter sent is the one kept.
"""
import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def render(case, decision, voided=(), blocked=()) -> bytes:
    """The letter: the decision and its grounds, each recovery order with its figures, the
    certificates voided and the claims rejected."""
    with translation.override(settings.LANGUAGE_CODE):
        orders = [{"order": order, "costs": yuan(order.costs_fen),
                   "penalty": yuan(order.penalty_fen), "amount": yuan(order.amount_fen)}
                  for order in case.recovery_orders.all()]
        html = render_to_string("casework/letter.html", {
            "case": case, "decision": decision, "orders": orders, "voided": voided,
            "blocked": blocked, "decided_on": timezone.localdate(decision.decided_at)})
    return HTML(string=html).write_pdf()
