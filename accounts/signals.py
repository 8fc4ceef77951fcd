"""Receivers: sign-ins and failures go to the audit trail and the throttle; users are never
deleted.

Users are deactivated, never deleted (issue 9): their names stay on the claims they entered,
the decisions they signed and the audit rows they caused. The admin already offers no delete
(registry.admin); refusing in pre_delete also stops a shell, a command or a cascade.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from accounts import sessions, throttle
from audit import services as audit

User = get_user_model()


class UserDeletionRefused(Exception):
    """Raised instead of deleting a user: untick "active" instead."""


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(User.USERNAME_FIELD) or "")[:64]
    address = throttle.client_address(request)
    locked = throttle.record_failure(username, address)
    with transaction.atomic():
        audit.record(None, "login.failed", (User._meta.label, username), {"address": address})
        if locked:
            audit.record(None, "login.locked", (User._meta.label, username), {"address": address})


@receiver(user_logged_in)
def note_login(sender, request, user, **kwargs):
    address = throttle.client_address(request)
    throttle.forget_failures(user.get_username(), address)
    sessions.start(request, timezone.now())
    audit.record(user, "login", user, {"address": address})


@receiver(pre_delete, sender=User)
def refuse_user_deletion(sender, instance, **kwargs):
    raise UserDeletionRefused(
        f"User {instance.get_username()} cannot be deleted: deactivate the account instead.")
