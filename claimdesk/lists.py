"""The one list view of the Viewflow site: filter, sort, search (Viewflow's), plus export to
CSV/XLSX and keyset pagination for the large tables (issue 10: every list).

Export (`?_export=csv` or `xlsx`) writes every row the list would show under its current
filters, search and order, not only the page, with the list's own columns, through
claimdesk.exports (formula injection neutralised there). Values stay typed where a spreadsheet
can use them (dates, numbers), choices show their label.

Keyset pagination (`list_keyset = True` on a viewset, for claims and people): the next page is
"rows after the last one shown" in the list's order with the primary key as tie-breaker, an
indexed range instead of an OFFSET that reads and discards every earlier row, and no COUNT(*)
of a million rows. The cursor (`?_after=`) is signed together with the ordering it belongs to,
so a cursor from another sort order, or a hand-edited one, is ignored (first page), never
misread. Orderings on a nullable column or an expression fall back to numbered pages, since a
NULL has no place in a tuple comparison.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from viewflow.views import ListModelView
from viewflow.views.list import ModelFieldColumn

from claimdesk import exports

EXPORTERS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}
CURSOR_SALT = "claimdesk.lists.keyset"


def _final_field(model, path: str):
    """The model field an ORM path (`person__name`) ends on."""
    field = None
    for name in path.split("__"):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if field.is_relation:
            model = field.related_model
    return field


def _value_at(obj, path: str):
    """The value of an ORM path on a loaded object (related objects by their primary key)."""
    value = obj
    for name in path.split("__"):
        value = getattr(value, name)
        if value is None:
            return None
    return value.pk if isinstance(value, models.Model) else value


def after(fields: list[tuple[str, bool]], values: list) -> Q:
    """Rows strictly after `values` in the order of `fields` ((path, descending) pairs):
    (a, b, pk) > (x, y, z) written as a > x OR (a = x AND (b > y OR (b = y AND pk > z)))."""
    condition = Q(pk__in=[])
    equal = Q()
    for (path, descending), value in zip(fields, values):
        condition |= equal & Q(**{f"{path}__{'lt' if descending else 'gt'}": value})
        equal &= Q(**{path: value})
    return condition


class ListView(ListModelView):
    """A Viewflow list with export and, when its viewset asks (`list_keyset`), keyset pages."""

    template_name = "claimdesk/list.html"
    export_kwarg = "_export"
    cursor_kwarg = "_after"

    def get(self, request, *args, **kwargs):
        exporter = EXPORTERS.get(request.GET.get(self.export_kwarg, ""))
        if exporter is not None:
            return self.export(exporter, request.GET[self.export_kwarg])
        return super().get(request, *args, **kwargs)

    # Export

    def export_value(self, column, obj):
        value = column.get_value(obj)
        if isinstance(column, ModelFieldColumn) and getattr(column.model_field, "flatchoices",
                                                            None):
            return str(dict(column.model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, dt.datetime):
            return timezone.localtime(value)
        if value is None or isinstance(value, (int, decimal.Decimal, dt.date)):
            return value
        return str(value)

    @staticmethod
    def export_header(column) -> str:
        """The column's title; a model field's verbose name keeps its capitals ("ID"), which
        Viewflow's header lowers."""
        verbose_name = getattr(getattr(column, "model_field", None), "verbose_name", None)
        return capfirst(str(verbose_name)) if verbose_name else str(column.header())

    def export(self, exporter, extension: str):
        columns = list(self.list_columns.values())
        header = [self.export_header(column) for column in columns]
        rows = ([self.export_value(column, obj) for column in columns]
                for obj in self.get_queryset().iterator(chunk_size=2000))
        name = f"{self.model._meta.model_name}-{timezone.localdate():%Y%m%d}.{extension}"
        return exporter(name, header, rows)

    # Keyset pagination

    @property
    def keyset_fields(self) -> list[tuple[str, bool]] | None:
        """(path, descending) of the list's ordering plus the primary key, or None when this
        list pages by number (no `list_keyset`, or an ordering keyset cannot follow)."""
        if not getattr(self.viewset, "list_keyset", False):
            return None
        fields = []
        for item in self.get_ordering() or []:
            if not isinstance(item, str):
                return None
            path = item.lstrip("-")
            try:
                field = _final_field(self.model, path)
            except FieldDoesNotExist:
                return None
            if field.null:
                return None
            fields.append((path, item.startswith("-")))
        if not any(path in ("pk", self.model._meta.pk.name) for path, _desc in fields):
            fields.append(("pk", False))
        return fields

    def get_ordering(self):
        ordering = super().get_ordering()
        if not ordering and getattr(self.viewset, "list_keyset", False):
            return ["pk"]
        return ordering

    def paginate_queryset(self, queryset, page_size):
        fields = self.keyset_fields
        if fields is None:
            return super().paginate_queryset(queryset, page_size)
        page = keyset_page(queryset, fields, self.request.GET.get(self.cursor_kwarg, ""),
                           page_size)
        return None, page, page.object_list, page.has_other_pages()


def keyset_page(queryset, fields: list[tuple[str, bool]], cursor: str, size: int) -> KeysetPage:
    """The page of `size` rows after the signed `cursor` (the first page without one, or
    with one of another ordering or hand-edited), in the order of `fields` ((path,
    descending) pairs on non-null columns, ending with the primary key). Shared by the
    Viewflow lists and the hand-written ones (claimdesk.tables)."""
    signer = signing.Signer(salt=CURSOR_SALT)
    start = None
    try:
        ordering, start = signer.unsign_object(cursor)
        if ordering != [path for path, _d in fields]:
            start = None
    except (signing.BadSignature, ValueError, TypeError):
        start = None
    if start is not None:
        queryset = queryset.filter(after(fields, start))
    rows = list(queryset.order_by(*[f"-{p}" if d else p for p, d in fields])[:size + 1])
    page = KeysetPage(rows[:size], first=start is None)
    if len(rows) > size:
        last = rows[size - 1]
        page.next_cursor = cursor_after([path for path, _d in fields],
                                        [_value_at(last, path) for path, _d in fields])
    return page


def cursor_after(paths: list[str], values: list) -> str:
    """The signed cursor of the page after the row with `values` at `paths`."""
    return signing.Signer(salt=CURSOR_SALT).sign_object([paths, values],
                                                        serializer=_CursorSerializer)


class _CursorSerializer(signing.JSONSerializer):
    """JSON with dates and Decimals as text (a date column sorts by its ISO text too)."""

    def dumps(self, obj):
        return json.dumps(obj, separators=(",", ":"), cls=DjangoJSONEncoder).encode("latin-1")


class KeysetPage:
    """The page a keyset list shows: its rows, whether it is the first, the next cursor."""

    def __init__(self, object_list: list, first: bool):
        self.object_list = object_list
        self.first = first
        self.next_cursor = None
        self.keyset = True

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.next_cursor is not None

    def has_other_pages(self) -> bool:
        return self.has_next() or not self.first
