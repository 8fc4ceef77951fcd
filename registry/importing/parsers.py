"""Typed cell parsers for the contract files (CONTRACT.md: dates, money, booleans, codes).

Each parser takes the cell's stripped text and returns the value or raises `CellError` with
a reason a person can act on. Money is parsed from the text into integer fen, never through
float (DOMAIN.md: money is exact). The only Django import is gettext for the reasons.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from registry import resident_id

# ASCII digits only: `\d` would also take fullwidth or Arabic-Indic digits.
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATETIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")
MONEY_RE = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")
QUANTITY_RE = re.compile(r"[0-9]+(?:\.[0-9]{1,3})?")
INTEGER_RE = re.compile(r"-?[0-9]+")
MAX_YUAN_DIGITS = 12  # as the API's money fields (14 digits, 2 decimals); fen fit a BIGINT
MAX_INTEGER = 2_147_483_647  # the largest PositiveIntegerField on every database
TRUE = frozenset({"true", "1", "yes"})
FALSE = frozenset({"false", "0", "no"})


class CellError(ValueError):
    """The cell's text is not a valid value; the message is the reason for the report."""


def text(value: str) -> str:
    return value


def date(value: str) -> dt.date:
    """CONTRACT.md: dates are YYYY-MM-DD."""
    if not DATE_RE.fullmatch(value):
        raise CellError(_("not a date in the form YYYY-MM-DD"))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CellError(_("not a calendar date")) from None


def minute(value: str) -> dt.datetime:
    """CONTRACT.md decisions.csv: `YYYY-MM-DDTHH:MM`, local time (naive; made aware later)."""
    if not DATETIME_RE.fullmatch(value):
        raise CellError(_("not a date and time in the form YYYY-MM-DDTHH:MM"))
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise CellError(_("not a calendar date and time")) from None


def money_fen(value: str) -> int:
    """Yuan with at most two decimals ("1234.5", "1234.50") -> integer fen, exactly."""
    match = MONEY_RE.fullmatch(value)
    if not match:
        raise CellError(_("not an amount in yuan with at most two decimals"))
    yuan, cents = match.groups()
    yuan = yuan.lstrip("0") or "0"  # int() refuses over 4,300 digits, leading zeros too
    if len(yuan) > MAX_YUAN_DIGITS:
        raise CellError(_("more than %(digits)s digits of yuan") % {"digits": MAX_YUAN_DIGITS})
    return int(yuan) * 100 + int((cents or "0").ljust(2, "0"))


def quantity(value: str) -> Decimal:
    """A non-negative number with at most three decimals (BillLine.quantity)."""
    if not QUANTITY_RE.fullmatch(value) or len(value.split(".")[0]) > 9:
        raise CellError(_("not a number with at most three decimals"))
    try:
        return Decimal(value)
    except InvalidOperation:
        raise CellError(_("not a number")) from None


def integer(value: str) -> int:
    """A whole number a database column holds (line numbers, years)."""
    if not INTEGER_RE.fullmatch(value):
        raise CellError(_("not a whole number"))
    digits = value.lstrip("-").lstrip("0") or "0"  # int() refuses over 4,300 digits
    if (value.startswith("-") and digits != "0") or len(digits) > len(str(MAX_INTEGER)) \
            or int(digits) > MAX_INTEGER:
        raise CellError(_("not between 0 and %(max)s") % {"max": MAX_INTEGER})
    return int(digits)


def boolean(value: str) -> bool:
    """CONTRACT.md: booleans are true/false/1/0/yes/no (any case)."""
    lowered = value.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise CellError(_("not a boolean (true/false/1/0/yes/no)"))


def choice(values: Collection) -> Callable[[str], object]:
    """One of an enumeration's values (choices.py); integer enumerations give ints."""
    by_text = {str(v): v for v in values}

    def parse(value: str):
        try:
            return by_text[value]
        except KeyError:
            raise CellError(_("not one of: %(allowed)s") % {
                "allowed": ", ".join(by_text)}) from None
    return parse


def choice_list(values: Collection) -> Callable[[str], str]:
    """`;`-separated enumeration values, kept as the normalised `;`-joined text."""
    allowed = set(values)

    def parse(value: str) -> str:
        items = [item.strip() for item in value.split(";") if item.strip()]
        unknown = [item for item in items if item not in allowed]
        if unknown:
            raise CellError(_("unknown value(s) %(unknown)s; allowed: %(allowed)s") % {
                "unknown": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))})
        if len(set(items)) != len(items):
            raise CellError(_("a value is listed twice"))
        return ";".join(items)
    return parse


def person_id(value: str) -> resident_id.ResidentId:
    """DOMAIN.md: people are identified by the 18-character resident ID (checksum checked)."""
    try:
        return resident_id.parse(value)
    except resident_id.ResidentIdError as error:
        raise CellError(_("invalid resident ID: %(error)s") % {"error": error}) from None
