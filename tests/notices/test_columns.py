"""The PDF's text columns: Chinese characters take two columns, cells are cut with an
ellipsis and padded so every line of a notice lines up (notices.columns)."""
from notices.columns import Column, display_width, fit, format_row


def test_chinese_takes_two_columns():
    assert display_width("东河镇卫生院") == 12
    assert display_width("12,345.67") == 9
    assert display_width("欧**文") == 6


def test_long_cells_are_cut_with_an_ellipsis():
    assert fit("市第一人民医院附属医院", 9) == "市第一人…"
    assert display_width(fit("市第一人民医院附属医院", 9)) <= 9
    assert fit("县医院", 9) == "县医院"


def test_rows_line_up_whatever_the_script():
    columns = [Column(6), Column(10, right=True), Column(4)]
    first = format_row(["张*", "1,000.00", "x"], columns)
    second = format_row(["Li*", "5.00", "y"], columns)
    assert display_width(first) == display_width(second) == 6 + 2 + 10 + 2 + 1
    assert first == "张*" + " " * 7 + "1,000.00  x"
    assert second == "Li*" + " " * 11 + "5.00  y"
