"""Charts as inline SVG, drawn on the server: no JavaScript library and no CDN (issue 10).

Pure functions of plain numbers: each returns the SVG text of one chart. Values are integers
(fen, counts) or Decimals (percentages); labels and value texts arrive already formatted for
the reader's language, so this module knows nothing of money or translation. Every text is
escaped here; the template marks the result safe.
"""
from decimal import Decimal
from html import escape

BAR = "#26a69a"
BAR_OVER = "#e65100"
TARGET = "#37474f"
TRACK = "#e0e0e0"
FONT = 'font-family="Roboto, Noto Sans CJK SC, sans-serif" font-size="12"'


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="claimdesk-chart" role="img" '
            f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
            f'<title>{escape(title)}</title>{"".join(body)}</svg>')


def bars(rows: list[tuple[str, int, str]], title: str, width: int = 640,
         label_width: int = 150) -> str:
    """Horizontal bars, one per (label, value, value text), longest value full width."""
    row_height, value_width = 24, 190
    top = max((value for _label, value, _text in rows), default=0) or 1
    track = width - label_width - value_width
    body = []
    for index, (label, value, text) in enumerate(rows):
        y = index * row_height
        length = max(round(track * value / top), 1 if value else 0)
        body.append(
            f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end" {FONT}>'
            f'{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{length}" height="14" fill="{BAR}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 16}" {FONT}>{escape(text)}</text>')
    return _svg(width, max(len(rows), 1) * row_height + 4, body, title)


def columns(rows: list[tuple[str, int, str]], title: str, width: int = 640,
            height: int = 200) -> str:
    """Vertical columns in order (months), each labelled below; the largest value is written
    on its column, every value in its column's tooltip (twelve amounts side by side would
    overlap)."""
    bottom, top_margin = height - 22, 18
    top = max((value for _label, value, _text in rows), default=0) or 1
    slot = width / max(len(rows), 1)
    body = [f'<line x1="0" y1="{bottom}" x2="{width}" y2="{bottom}" stroke="{TRACK}"/>']
    largest = next((index for index, row in enumerate(rows) if row[1] == top), None)
    for index, (label, value, text) in enumerate(rows):
        x = index * slot
        column_height = round((bottom - top_margin) * value / top)
        body.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{bottom - column_height}" '
            f'width="{slot * 0.7:.1f}" height="{column_height}" fill="{BAR}">'
            f'<title>{escape(label)}: {escape(text)}</title></rect>'
            f'<text x="{x + slot / 2:.1f}" y="{height - 6}" text-anchor="middle" {FONT}>'
            f'{escape(label)}</text>')
        if index == largest:
            anchor = "start" if index < len(rows) / 2 else "end"
            body.append(f'<text x="{x + slot / 2:.1f}" y="{bottom - column_height - 4}" '
                        f'text-anchor="{anchor}" {FONT}>{escape(text)}</text>')
    return _svg(width, height, body, title)


def against_target(percent: Decimal | None, target: Decimal, meets: bool, title: str,
                   target_text: str, width: int = 640, scale: Decimal = Decimal(120)) -> str:
    """One indicator as a bar on a 0-`scale` % track with its target marked by a line: green
    when it meets the target, orange when not (the caller says which, since some targets are
    floors and fund utilisation is a point to stay near)."""
    track_width = width - 20
    body = [f'<rect x="10" y="8" width="{track_width}" height="18" fill="{TRACK}"/>']
    if percent is not None:
        length = round(track_width * min(percent, scale) / scale)
        colour = BAR if meets else BAR_OVER
        body.append(f'<rect x="10" y="8" width="{length}" height="18" fill="{colour}"/>')
    marker = 10 + round(track_width * min(target, scale) / scale)
    body.append(
        f'<line x1="{marker}" y1="2" x2="{marker}" y2="32" stroke="{TARGET}" '
        f'stroke-width="2"/>'
        f'<text x="{marker}" y="46" text-anchor="middle" {FONT}>{escape(target_text)}</text>')
    return _svg(width, 52, body, title)
