"""Shared fixtures: a small county made once per test, with named personas (STYLE.md)."""
import datetime as dt

import pytest
from django.utils import translation

from tests.county import SmallCounty


@pytest.fixture(autouse=True)
def english(settings):
    """Tests read and assert English; the shipped Chinese catalogue would otherwise answer.

    The product default (zh-hans) and each user's stored language are tested on their own in
    tests/registry/test_login_and_language.py.
    """
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def county(db) -> SmallCounty:
    """Two townships, hospitals of every level, insured people and a persona per role."""
    return SmallCounty.build(year=2025)


@pytest.fixture
def year() -> int:
    return 2025


@pytest.fixture
def today() -> dt.date:
    return dt.date(2025, 12, 31)


def pytest_report_header(config):
    """Say which database the suite runs on, so a CI log shows both runs really happened."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".rstrip()
