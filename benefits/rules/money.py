"""Exact money arithmetic on integer fen (DOMAIN.md: rounded half-up to the fen, never float).

Works on Python ints and on NumPy int64 arrays alike, so both calculator paths use the
same formulas.
"""


def div_half_up(numerator, denominator):
    """numerator / denominator rounded half-up, for numerator >= 0 and denominator > 0."""
    return (2 * numerator + denominator) // (2 * denominator)


def percent_of(amount, percent):
    """`percent`% of `amount` fen, rounded half-up (ratios are whole percents)."""
    return div_half_up(amount * percent, 100)


def line_amount(quantity_milli, unit_price_fen):
    """What a bill line must amount to: quantity (in thousandths) x unit price, to the fen."""
    return div_half_up(quantity_milli * unit_price_fen, 1000)
