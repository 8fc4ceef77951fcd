"""Cell parsers of the contract files (CONTRACT.md: dates, money, booleans, codes)."""
import datetime as dt

import pytest
from django.utils import translation

from registry.choices import Category
from registry.importing import parsers
from registry.importing.parsers import CellError


@pytest.fixture(autouse=True)
def english():
    """The reasons are matched in English, whatever the default language."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("text, fen", [
    ("0", 0), ("12", 1200), ("12.5", 1250), ("1234.50", 123450), ("0.05", 5),
    ("99999999.99", 9999999999),
])
def test_money_in_yuan_becomes_exact_fen(text, fen):
    assert parsers.money_fen(text) == fen


@pytest.mark.parametrize("text", ["12.345", "1e3", "-1", "12.", ".5", "1,000", "12.5 yuan"])
def test_money_with_more_than_two_decimals_or_not_a_number_is_refused(text):
    with pytest.raises(CellError, match="at most two decimals"):
        parsers.money_fen(text)


def test_dates_are_yyyy_mm_dd_calendar_dates():
    assert parsers.date("2024-02-29") == dt.date(2024, 2, 29)
    with pytest.raises(CellError, match="YYYY-MM-DD"):
        parsers.date("2025/01/01")
    with pytest.raises(CellError, match="YYYY-MM-DD"):
        parsers.date("20250101")
    with pytest.raises(CellError, match="not a calendar date"):
        parsers.date("2025-02-29")


def test_decision_times_are_to_the_minute():
    assert parsers.minute("2025-03-04T09:30") == dt.datetime(2025, 3, 4, 9, 30)
    with pytest.raises(CellError, match="YYYY-MM-DDTHH:MM"):
        parsers.minute("2025-03-04 09:30")


@pytest.mark.parametrize("text, value", [
    ("true", True), ("TRUE", True), ("1", True), ("yes", True),
    ("false", False), ("0", False), ("No", False),
])
def test_booleans_accept_the_six_spellings(text, value):
    assert parsers.boolean(text) is value


def test_boolean_refuses_anything_else():
    with pytest.raises(CellError, match="not a boolean"):
        parsers.boolean("y")


def test_choice_lists_are_checked_and_normalised():
    parse = parsers.choice_list(Category.values)
    assert parse("dibao; disabled") == "dibao;disabled"
    with pytest.raises(CellError, match="unknown value"):
        parse("dibao;rich")


def test_quantity_keeps_three_decimals_exactly():
    assert str(parsers.quantity("1.125")) == "1.125"
    with pytest.raises(CellError):
        parsers.quantity("1.1255")


def test_person_id_checksum_is_validated():
    assert parsers.person_id("11010519491231002X").sex == "F"
    with pytest.raises(CellError, match="check character"):
        parsers.person_id("110105194912310021")
