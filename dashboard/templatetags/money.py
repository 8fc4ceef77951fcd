"""`{{ amount_fen|money }}`: integer fen shown for the reader's language (dashboard.money).

`{% load money %}` in any template; an empty value (None, "") shows as a dash.
"""
from django import template
from django.utils.translation import get_language

from dashboard.money import format_fen

register = template.Library()


@register.filter
def money(fen) -> str:
    if fen is None or fen == "":
        return "—"
    return format_fen(int(fen), get_language() or "en")
