"""Money as a person reads it, in the active language: ¥1,234.56 in English, 1,234.56 元 in
Chinese (DESIGN.md: dates and money formatted for the locale).

Exact: integer fen in, text out, never a float; only `local_fen` asks Django for the active
language. Published notices print yuan the same in every language on purpose
(notices.ledger.yuan); staff pages use this, in templates through `{% load local %}`.
"""


def grouped_yuan(fen: int) -> str:
    """1234567 -> "12,345.67" (thousands grouped, two decimals, sign kept)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def format_fen(fen: int, language: str) -> str:
    """The amount with its currency sign where the language puts it."""
    amount = grouped_yuan(abs(fen))
    sign = "-" if fen < 0 else ""
    if language.lower().startswith("zh"):
        return f"{sign}{amount} 元"
    return f"{sign}¥{amount}"


def local_fen(fen: int) -> str:
    """The amount for the active language (views and lists; templates use `|money`)."""
    from django.utils.translation import get_language

    return format_fen(fen, get_language() or "en")
