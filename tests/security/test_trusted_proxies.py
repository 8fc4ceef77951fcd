"""The client's address behind a TLS proxy (claimdesk.proxies): X-Forwarded-For is believed
only from a peer in TRUSTED_PROXIES, up to its rightmost untrusted address; anyone else's
header is ignored, so a forged one neither escapes nor shifts the login throttle."""
import pytest
from django.core.cache import cache

from audit.models import AuditEntry
from claimdesk.proxies import client_address, trusted_networks

PROXIES = trusted_networks(("10.0.0.5", "10.1.0.0/16"))


def test_a_direct_client_is_its_peer_whatever_it_forwards():
    assert client_address("203.0.113.9", "198.51.100.1", PROXIES) == "203.0.113.9"


def test_behind_the_proxy_the_client_is_the_address_it_appended():
    assert client_address("10.0.0.5", "203.0.113.9", PROXIES) == "203.0.113.9"


def test_a_forged_address_left_of_the_real_one_is_ignored():
    assert client_address("10.0.0.5", "198.51.100.1, 203.0.113.9", PROXIES) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    assert client_address("10.0.0.5", "203.0.113.9, 10.1.2.3", PROXIES) == "203.0.113.9"


def test_a_proxy_that_sends_no_header_or_junk_leaves_its_own_address():
    assert client_address("10.0.0.5", "", PROXIES) == "10.0.0.5"
    assert client_address("10.0.0.5", "not-an-address", PROXIES) == "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.LOGIN_FAILURE_LIMIT = 2
    cache.clear()
    yield
    cache.clear()


def fail_sign_in(client, peer, forwarded_for):
    return client.post("/accounts/login/", {"username": "clerk_t01", "password": "wrong"},
                       REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_the_throttle_counts_the_client_behind_the_proxy(county, client, behind_proxy):
    fail_sign_in(client, "10.0.0.5", "203.0.113.9")
    fail_sign_in(client, "10.0.0.5", "203.0.113.9")

    locked = AuditEntry.objects.get(action="login.locked")
    assert locked.changes == {"address": "203.0.113.9"}


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(county, client, behind_proxy):
    fail_sign_in(client, "198.51.100.7", "203.0.113.1")
    fail_sign_in(client, "198.51.100.7", "203.0.113.2")  # a new forged address each time

    locked = AuditEntry.objects.get(action="login.locked")
    assert locked.changes == {"address": "198.51.100.7"}


def test_only_the_proxy_may_say_the_request_was_https(db, client, behind_proxy):
    from_proxy = client.get("/accounts/login/", REMOTE_ADDR="10.0.0.5",
                            HTTP_X_FORWARDED_PROTO="https")
    forged = client.get("/accounts/login/", REMOTE_ADDR="198.51.100.7",
                        HTTP_X_FORWARDED_PROTO="https")

    assert from_proxy.wsgi_request.is_secure()
    assert not forged.wsgi_request.is_secure()
