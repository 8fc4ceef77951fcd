"""Every add, change and delete made through the Django admin writes an audit row.

DESIGN.md: every state change records who, when and why. `AuditedAdminMixin` is the one place
that does it for the admin: the object form, its inlines, the delete page and the delete action
all record through audit.services in the same transaction as the change. Changed fields are
recorded as [old, new]; password fields are recorded as changed without their value.
"""
import datetime as dt
import decimal

from django.contrib import admin
from django.db import models, transaction

from audit import services as audit

HIDDEN_VALUE = "***"


def _jsonable(value):
    """A form value as JSON: model instances by primary key, dates as ISO text."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet) or isinstance(value, (list, tuple, set)):
        return sorted(_jsonable(item) for item in value)
    if isinstance(value, (dt.date, dt.datetime, dt.time, decimal.Decimal)):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def changed_fields(form) -> dict:
    """{field: [old, new]} for the fields the form changed; secrets are masked."""
    changes = {}
    for name in form.changed_data:
        if "password" in name:
            changes[name] = [HIDDEN_VALUE, HIDDEN_VALUE]
            continue
        old = form.get_initial_for_field(form.fields[name], name)
        new = form.cleaned_data.get(name)
        changes[name] = [_jsonable(old), _jsonable(new)]
    return changes


def _fields_of(obj) -> dict:
    """A deleted object's own field values, so the audit row keeps what disappeared."""
    return {field.attname: _jsonable(getattr(obj, field.attname))
            for field in obj._meta.concrete_fields if "password" not in field.name}


class AuditedAdminMixin:
    """Put first in a ModelAdmin's bases; the rows of its inlines are recorded too."""

    def save_model(self, request, obj, form, change):
        changes = changed_fields(form)
        super().save_model(request, obj, form, change)
        audit.record(request.user, "admin.change" if change else "admin.add", obj, changes)

    def delete_model(self, request, obj):
        audit.record(request.user, "admin.delete", obj, _fields_of(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit.record(request.user, "admin.delete", obj, _fields_of(obj))
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows: record each added, changed and deleted row of the formset."""
        rows = [(row, changed_fields(row), row.instance._state.adding)
                for row in formset.forms if row.has_changed() and row not in formset.deleted_forms]
        deleted = [(row.instance._meta.label, str(row.instance.pk), _fields_of(row.instance))
                   for row in formset.deleted_forms if row.instance.pk is not None]
        super().save_formset(request, form, formset, change)
        for row, changes, added in rows:
            audit.record(request.user, "admin.add" if added else "admin.change", row.instance,
                         changes)
        for label, pk, fields in deleted:
            audit.record(request.user, "admin.delete", (label, pk), fields)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records (the audit trail, import runs, status histories): look, never touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
