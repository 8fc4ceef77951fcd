"""How every app records a change (STYLE.md: one audit mechanism).

Call inside the transaction that makes the change, so the change and its audit row
commit or roll back together.
"""
from audit.models import AuditEntry


def _describe(obj) -> tuple[str, str]:
    if isinstance(obj, tuple):
        return obj
    return obj._meta.label, str(obj.pk)


def record(actor, action: str, obj, changes: dict | None = None, reason: str = "") -> AuditEntry:
    """Record one change. `obj` is a model instance or an (object_type, object_id) pair."""
    entry = unsaved(actor, action, obj, changes, reason)
    entry.save()
    return entry


def unsaved(actor, action: str, obj, changes: dict | None = None,
            reason: str = "") -> AuditEntry:
    """The audit row `record` would write, for a writer that inserts it itself in the
    change's transaction on a connection of its own (claimdesk.frames.write_staged)."""
    object_type, object_id = _describe(obj)
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None, action=action,
        object_type=object_type, object_id=object_id, changes=changes or {}, reason=reason,
    )


def record_bulk(actor, action: str, object_type: str, object_ids, changes: dict | None = None,
                reason: str = "") -> int:
    """Record one row per object for a bulk change (an import, a bulk approval)."""
    actor_id = getattr(actor, "pk", None)
    rows = [AuditEntry(actor_id=actor_id, action=action, object_type=object_type,
                       object_id=str(object_id), changes=changes or {}, reason=reason)
            for object_id in object_ids]
    AuditEntry.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
