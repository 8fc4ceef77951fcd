"""Money as a person reads it, in the active language: ¥1,234.56 in English, 1,234.56 元 in
Chinese (DESIGN.md: dates and money formatted for the locale).

Pure and exact: integer fen in, text out, no float and no Django. Published notices print
yuan the same in every language on purpose (notices.ledger.yuan); staff pages use this.
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
