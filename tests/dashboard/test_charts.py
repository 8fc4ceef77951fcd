"""Server-drawn SVG charts: bars in proportion, texts escaped, the target marked."""
import re
from decimal import Decimal

from dashboard import charts


def widths(svg: str) -> list[int]:
    return [int(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="(\d+)" height="14"', svg)]


def test_bars_are_in_proportion_to_the_largest():
    svg = charts.bars([("A", 200, "200"), ("B", 100, "100"), ("C", 0, "0")], "t")
    big, half, none = widths(svg)
    assert half * 2 in (big - 1, big, big + 1)
    assert none == 0


def test_labels_are_escaped():
    svg = charts.bars([("<script>alert(1)</script>", 1, "&")], "<b>")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "&amp;" in svg


def test_target_line_sits_at_the_target_on_the_scale():
    svg = charts.against_target(Decimal(60), Decimal(90), False, "rate", "target 90%",
                                width=140, scale=Decimal(120))
    # track 120 px from x=10: 90% of a 120% scale is 90 px in
    assert '<line x1="100"' in svg
    assert 'width="60"' in svg  # the value, 60% of 120 px track on a 120% scale
    assert charts.BAR_OVER in svg  # missing the target shows orange


def test_columns_write_only_the_largest_value():
    svg = charts.columns([("1", 10, "ten"), ("2", 30, "thirty"), ("3", 20, "twenty")], "t")
    assert ">thirty</text>" in svg
    assert ">ten</text>" not in svg and "ten</title>" in svg
