"""The fund figures a notice prints: income, spending, balance and utilisation (DOMAIN.md
"Monthly public notices": "fund income, spending, balance, utilisation"; "The fund": fund
utilisation = spent / raised).

Pure: no Django. Money is integer fen; utilisation is a Decimal percentage rounded half-up to
one decimal place, or None when nothing was raised (a ratio of nothing is not zero).
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class FundFigures:
    income_fen: int
    spending_fen: int

    @property
    def balance_fen(self) -> int:
        return self.income_fen - self.spending_fen

    @property
    def utilisation_percent(self) -> Decimal | None:
        if self.income_fen <= 0:
            return None
        ratio = Decimal(self.spending_fen) * 100 / Decimal(self.income_fen)
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def yuan(fen: int) -> str:
    """Fen as yuan with two decimals and thousands separators, exactly (no float) and the same
    in every language: a published PDF, whose hash is public, must not depend on who renders
    it (workflow.viewsets.yuan formats by the active language for staff pages)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"
