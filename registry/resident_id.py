"""Resident identity numbers (GB 11643-1999): pure functions, no Django.

An 18-character ID is 6 digits of address, 8 of birth date (YYYYMMDD), 3 of sequence
whose last digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check
character (0-9 or X). DOMAIN.md: "People are identified by the 18-character resident ID".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


class ResidentIdError(ValueError):
    """The ID is malformed; the message says which part is wrong."""


@dataclass(frozen=True)
class ResidentId:
    value: str
    birth_date: dt.date
    sex: str  # "M" or "F"


def check_character(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def parse(value: str) -> ResidentId:
    """Validate an ID and return its birth date and sex, or raise ResidentIdError."""
    text = (value or "").strip().upper()
    if len(text) != 18:
        raise ResidentIdError(f"must be 18 characters, got {len(text)}")
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise ResidentIdError("must be 17 digits followed by a digit or X")
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ResidentIdError(f"digits 7-14 are not a date: {text[6:14]}") from None
    if birth.year < 1880:
        raise ResidentIdError(f"birth year {birth.year} is not plausible")
    expected = check_character(text[:17])
    if text[17] != expected:
        raise ResidentIdError(f"check character is {text[17]}, expected {expected}")
    return ResidentId(text, birth, "M" if int(text[16]) % 2 else "F")


def make(area: str, birth_date: dt.date, sequence: int, sex: str) -> str:
    """Build a valid ID (for the demo county and tests): sequence 0-99, sex M or F."""
    seq = f"{sequence % 100:02d}"
    sex_digit = 1 if sex == "M" else 2
    first17 = f"{area}{birth_date:%Y%m%d}{seq}{sex_digit + 2 * (sequence // 100 % 4)}"
    return first17 + check_character(first17)
