"""`yuan` filter: integer fen shown as yuan, exactly (notices.ledger.yuan)."""
from django import template

from notices.ledger import yuan as fen_to_yuan

register = template.Library()


@register.filter
def yuan(fen: int) -> str:
    return fen_to_yuan(fen)
