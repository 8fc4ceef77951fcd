"""Money and dates for the reader's language: ¥ before the amount in English, 元 after it in
Chinese; Dec. 6, 2026 / 2026年12月6日."""
import datetime as dt

from django.template import Context, Template
from django.utils import timezone, translation

from dashboard.money import format_fen, grouped_yuan


def test_grouped_yuan_is_exact_with_two_decimals():
    assert grouped_yuan(123456789) == "1,234,567.89"
    assert grouped_yuan(5) == "0.05"
    assert grouped_yuan(-100) == "-1.00"


def test_english_puts_the_yuan_sign_first():
    assert format_fen(123456, "en") == "¥1,234.56"
    assert format_fen(-123456, "en") == "-¥1,234.56"


def test_chinese_puts_yuan_after_the_amount():
    assert format_fen(123456, "zh-hans") == "1,234.56 元"


def test_filter_follows_the_active_language_and_shows_a_dash_for_nothing():
    template = Template("{% load local %}{{ amount|money }}|{{ missing|money }}")
    with translation.override("zh-hans"):
        assert template.render(Context({"amount": 1999, "missing": None})) == "19.99 元|—"
    with translation.override("en"):
        assert template.render(Context({"amount": 1999, "missing": None})) == "¥19.99|—"


def test_day_and_moment_follow_the_active_language():
    template = Template("{% load local %}{{ day|day }}|{{ at|moment }}|{{ missing|day }}")
    at = timezone.make_aware(dt.datetime(2026, 12, 6, 13, 20))
    context = {"day": dt.date(2026, 12, 6), "at": at, "missing": None}
    with translation.override("zh-hans"):
        assert template.render(Context(context)) == "2026年12月6日|2026年12月6日 13:20|—"
    with translation.override("en"):
        assert template.render(Context(context)) == "Dec. 6, 2026|Dec. 6, 2026, 1:20 p.m.|—"
