"""`fen|yuan`: integer fen shown as yuan with two decimals (money is never a float)."""
from django import template

from casework.letter import yuan as format_yuan

register = template.Library()


@register.filter
def yuan(fen) -> str:
    return "" if fen is None else format_yuan(int(fen))
