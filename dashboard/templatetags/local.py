"""Money and dates for the reader's language, the one way every staff page shows them
(DESIGN.md: dates and money formatted for the locale).

`{% load local %}`, then `{{ amount_fen|money }}` (¥1,234.56 in English, 1,234.56 元 in
Chinese: dashboard.money, exact from integer fen), `{{ day|day }}` (Dec. 6, 2026 /
2026年12月6日) and `{{ moment|moment }}` (Dec. 6, 2026, 1:20 p.m. / 2026年12月6日 13:20, in
the fund's time zone). An empty value (None, "") shows as a dash. Printed documents meant
for the public (notices, decision letters) keep their own fixed format.
"""
import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from dashboard.money import local_fen

register = template.Library()
NOTHING = "—"


@register.filter
def money(fen) -> str:
    if fen is None or fen == "":
        return NOTHING
    return local_fen(int(fen))


@register.filter
def day(value) -> str:
    """A date (or the date of a datetime, in the fund's time zone) in the language's format."""
    if not value:
        return NOTHING
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(value, "DATE_FORMAT")


@register.filter
def moment(value) -> str:
    """A date and time in the language's format, in the fund's time zone."""
    if not value:
        return NOTHING
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")
