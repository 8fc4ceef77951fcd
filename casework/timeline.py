"""Writing a case's timeline: one CaseEvent and one audit row per action, in the caller's
transaction (STYLE.md: every change records who, when and why)."""
from django.utils import timezone

from audit import services as audit
from casework.models import Case, CaseEvent


def record(case: Case, action: str, actor=None, text: str = "", old: str = "",
           new: str = "", changes: dict | None = None) -> CaseEvent:
    event = CaseEvent.objects.create(case=case, action=action, actor=actor if getattr(
        actor, "pk", None) else None, text=text, old_state=old, new_state=new,
        at=timezone.now())
    details = dict(changes or {})
    if old or new:
        details["state"] = [old, new]
    audit.record(actor, f"casework.{action}", case, changes=details, reason=text)
    return event
