"""Resident ID validation: check character, birth date, sex digit (DOMAIN.md)."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from registry import resident_id
from registry.resident_id import ResidentIdError


def test_known_valid_id_gives_birth_date_and_sex():
    parsed = resident_id.parse("11010519491231002X")
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.sex == "F"


def test_lowercase_x_is_accepted_and_normalised():
    assert resident_id.parse("11010519491231002x").value == "11010519491231002X"


@pytest.mark.parametrize("value, message", [
    ("1101051949123100", "18 characters"),
    ("11010519491231002Y", "17 digits"),
    ("110105194913310027", "not a date"),
    ("110105194912310021", "check character is 1, expected X"),
])
def test_invalid_ids_say_what_is_wrong(value, message):
    with pytest.raises(ResidentIdError, match=message):
        resident_id.parse(value)


@given(birth=st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)),
       sequence=st.integers(0, 399), sex=st.sampled_from("MF"))
def test_made_ids_parse_back(birth, sequence, sex):
    parsed = resident_id.parse(resident_id.make("510101", birth, sequence, sex))
    assert (parsed.birth_date, parsed.sex) == (birth, sex)
