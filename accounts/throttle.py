"""Login throttling: a user name tried from one address is locked after repeated failures.

Issue 9 ("login throttling"): after LOGIN_FAILURE_LIMIT failed sign-ins for one user name from
one client address within LOGIN_LOCKOUT_MINUTES, that pair is refused for LOGIN_LOCKOUT_MINUTES,
even with the right password. Keyed on the pair, not the user name alone, so someone guessing
from elsewhere cannot lock a clerk out of her own office.

Why our own few lines on the Django cache rather than django-axes: we need one rule, no tables
(the audit trail already records every failure and lock-out, see accounts.signals), and the
public objection form already counts in the same cache (notices.views), so there is one way to
rate-limit. The cache is shared by every web process and machine: production refuses to start
without CACHE_URL, a Redis cache (claimdesk.production); tests/production/test_shared_cache.py
counts from two processes.
"""
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def client_address(request) -> str:
    """The address the request came from: REMOTE_ADDR, which claimdesk.proxies sets to the
    client's address when the request came through a trusted proxy."""
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _key(kind: str, username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.casefold()}\0{address}".encode()).hexdigest()
    return f"login-{kind}:{digest}"


def _lockout_seconds() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def is_locked(username: str, address: str) -> bool:
    return cache.get(_key("lock", username, address)) is not None


def record_failure(username: str, address: str) -> bool:
    """Count one failed sign-in; True when this failure locks the pair out (only once)."""
    if is_locked(username, address):
        return False
    failures_key = _key("failures", username, address)
    cache.add(failures_key, 0, timeout=_lockout_seconds())
    failures = cache.incr(failures_key)
    if failures < settings.LOGIN_FAILURE_LIMIT:
        return False
    cache.set(_key("lock", username, address), timezone.now().isoformat(),
              timeout=_lockout_seconds())
    cache.delete(failures_key)
    return True


def forget_failures(username: str, address: str) -> None:
    """A successful sign-in starts the count again."""
    cache.delete(_key("failures", username, address))
