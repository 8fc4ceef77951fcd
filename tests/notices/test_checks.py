"""System check notices.E001: a missing CJK font is caught at start-up (STYLE.md)."""
from django.core.checks import run_checks

from notices import checks


def test_no_cjk_font_fails_the_check(monkeypatch):
    monkeypatch.setattr(checks, "cjk_fonts", lambda: [])
    assert "notices.E001" in {message.id for message in run_checks()}


def test_installed_noto_cjk_passes_the_check():
    assert any("CJK" in family for family in checks.cjk_fonts())
    assert "notices.E001" not in {message.id for message in run_checks()}
