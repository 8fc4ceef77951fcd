"""Fixed-width text columns for the notice PDF: each line of a notice is one run of text in a
monospaced CJK font, its cells padded by display width (a Chinese character is two columns).

Why not an HTML table: WeasyPrint lays out every table cell as its own box, which made a
2,000-line township notice take over 30 s and 440 MB (bench/notices.py, the naive baseline);
one text run per line renders it in a few seconds. Pure: no Django.
"""
import unicodedata
from dataclasses import dataclass

ELLIPSIS = "…"


def display_width(text: str) -> int:
    """Columns the text takes: wide and full-width characters (CJK) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """The text cut to `width` columns, with an ellipsis when cut."""
    if display_width(text) <= width:
        return text
    kept, used = [], display_width(ELLIPSIS)
    for ch in text:
        used += display_width(ch)
        if used > width:
            break
        kept.append(ch)
    return "".join(kept) + ELLIPSIS


@dataclass(frozen=True)
class Column:
    width: int
    right: bool = False


def format_row(cells: list[str], columns: list[Column], gap: int = 2) -> str:
    """One line: each cell cut to its column and padded left (numbers) or right (text)."""
    parts = []
    for cell, column in zip(cells, columns, strict=True):
        text = fit(cell, column.width)
        padding = " " * (column.width - display_width(text))
        parts.append(padding + text if column.right else text + padding)
    return (" " * gap).join(parts).rstrip()
