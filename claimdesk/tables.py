"""The hand-written lists (casework queue, scheme transfers, jobs) with what every Viewflow
list of the site has (claimdesk.lists): sort by a column header (`?_orderby=`, a leading
`-` for descending), keyset pages (`?_after=`, the signed cursor of claimdesk.lists), and
CSV/XLSX export of every row under the current filters and order (`?_export=`, through
claimdesk.exports, which neutralises formula injection).

A list declares its columns; a sortable column names a non-null ORM path (annotate a
Coalesce for a nullable one), since keyset pages compare tuples and NULL has no place in
one. The primary key ends every ordering, so equal values still page in a fixed order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.utils import timezone

from claimdesk.lists import EXPORTERS, KeysetPage, keyset_page

ORDER, AFTER, EXPORT = "_orderby", "_after", "_export"


@dataclass(frozen=True)
class Column:
    key: str
    title: Any  # a (lazy) translated header
    value: Callable[[Any], Any]  # the exported cell: typed (int, Decimal, date) or text
    path: str | None = None  # the ORM path it sorts by; None: not sortable


class Table:
    """One request's view of a hand-written list: its order, header links, page, export."""

    def __init__(self, request, columns: list[Column], default: str, size: int = 50):
        self.request, self.columns, self.size = request, columns, size
        sortable = {column.key: column.path for column in columns if column.path}
        asked = request.GET.get(ORDER, "")
        self.order = asked if asked.lstrip("-") in sortable else default
        path = sortable[self.order.lstrip("-")]
        self.fields = [(path, self.order.startswith("-"))]
        if path != "pk":
            self.fields.append(("pk", False))

    def _query(self, **changes) -> str:
        query = self.request.GET.copy()
        for name, value in changes.items():
            query.pop(name, None)
            if value is not None:
                query[name] = value
        return query.urlencode()

    @property
    def headers(self) -> list[dict]:
        """Each column's title and, when sortable, the link that sorts by it (the second
        click reverses the order) and its current direction."""
        current, descending = self.order.lstrip("-"), self.order.startswith("-")
        rows = []
        for column in self.columns:
            row = {"title": column.title, "key": column.key, "sorted": None, "url": None}
            if column.path:
                flip = column.key == current and not descending
                row["url"] = "?" + self._query(**{ORDER: f"-{column.key}" if flip
                                                  else column.key, AFTER: None, EXPORT: None})
                if column.key == current:
                    row["sorted"] = "descending" if descending else "ascending"
            rows.append(row)
        return rows

    def page(self, queryset) -> KeysetPage:
        page = keyset_page(queryset, self.fields, self.request.GET.get(AFTER, ""), self.size)
        page.next_url = "?" + self._query(**{AFTER: page.next_cursor}) \
            if page.has_next() else None
        page.first_url = None if page.first else "?" + self._query(**{AFTER: None})
        return page

    def export_urls(self) -> dict[str, str]:
        return {kind: "?" + self._query(**{EXPORT: kind, AFTER: None}) for kind in EXPORTERS}

    def export(self, queryset, name: str):
        """The download asked for (`?_export=csv` or `xlsx`) of every row, or None."""
        kind = self.request.GET.get(EXPORT, "")
        if kind not in EXPORTERS:
            return None
        ordered = queryset.order_by(*[f"-{p}" if d else p for p, d in self.fields])
        rows = ([column.value(obj) for column in self.columns]
                for obj in ordered.iterator(chunk_size=2000))
        return EXPORTERS[kind](f"{name}-{timezone.localdate():%Y%m%d}.{kind}",
                               [str(column.title) for column in self.columns], rows)

    def context(self, queryset) -> dict:
        """What the shared header and footer templates (claimdesk/table_*.html) need."""
        page = self.page(queryset)
        return {"table": self, "page": page, "rows": page.object_list}
