"""Login throttling (accounts.throttle): a user name and address pair is locked after
LOGIN_FAILURE_LIMIT failures, refused even with the right password, and every failure and the
lock-out are in the audit trail."""
import pytest
from django.core.cache import cache

from audit.models import AuditEntry
from tests.county import PASSWORD


@pytest.fixture(autouse=True)
def fresh_counts(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_three_failures_lock_the_name_even_for_the_right_password(county, client):
    for _attempt in range(3):
        assert sign_in(client, "clerk_t01", "not-the-password").status_code == 200
    response = sign_in(client, "clerk_t01", PASSWORD)
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Too many failed sign-ins" in response.content.decode()
    assert AuditEntry.objects.filter(action="login.failed", object_id="clerk_t01").count() == 4
    locked = AuditEntry.objects.get(action="login.locked")
    assert (locked.object_id, locked.changes) == ("clerk_t01", {"address": "10.0.0.1"})


def test_the_lock_holds_the_pair_only(county, client):
    for _attempt in range(3):
        sign_in(client, "clerk_t01", "not-the-password")
    assert sign_in(client, "clerk_t01", PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    assert sign_in(client, "clerk_t02", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too(county, client):
    for _attempt in range(3):
        sign_in(client, "admin", "not-the-password")
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_the_lock_ends_after_the_lockout(county, client):
    for _attempt in range(3):
        sign_in(client, "clerk_t01", "not-the-password")
    cache.clear()  # what the cache does when the lock's LOGIN_LOCKOUT_MINUTES have passed
    assert sign_in(client, "clerk_t01", PASSWORD).status_code == 302


def test_a_success_starts_the_count_again_and_is_audited(county, client):
    sign_in(client, "clerk_t01", "not-the-password")
    sign_in(client, "clerk_t01", "not-the-password")
    assert sign_in(client, "clerk_t01", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "clerk_t01", "not-the-password")
    sign_in(client, "clerk_t01", "not-the-password")
    assert sign_in(client, "clerk_t01", PASSWORD).status_code == 302
    assert not AuditEntry.objects.filter(action="login.locked").exists()
    logins = AuditEntry.objects.filter(action="login", actor=county.staff["clerk_t01"])
    assert logins.count() == 2
