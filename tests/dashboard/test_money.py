"""Money for the reader's language: ¥ before the amount in English, 元 after it in Chinese."""
from django.template import Context, Template
from django.utils import translation

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
    template = Template("{% load money %}{{ amount|money }}|{{ missing|money }}")
    with translation.override("zh-hans"):
        assert template.render(Context({"amount": 1999, "missing": None})) == "19.99 元|—"
    with translation.override("en"):
        assert template.render(Context({"amount": 1999, "missing": None})) == "¥19.99|—"
