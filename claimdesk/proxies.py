"""The client's address behind trusted TLS proxies (issue 9: login throttling and the public
objection limit count per client address).

Without a proxy REMOTE_ADDR is the client. Behind one it is the proxy, so every client would
share one count; the proxy names the client in X-Forwarded-For, but anyone can send that
header. So it is believed only when the peer is in TRUSTED_PROXIES, and then only up to the
rightmost address that is not itself a trusted proxy: addresses left of it were written by the
client and may be forged. From any other peer X-Forwarded-For is ignored and
X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER, set when TRUSTED_PROXIES is) is dropped, so
nobody but the proxy can claim https.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES entries (addresses or networks like 10.0.0.0/24) as networks."""
    try:
        return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None


def is_trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client's address: the peer unless it is a trusted proxy; then the rightmost
    address of X-Forwarded-For that is not a trusted proxy (the leftmost if all are)."""
    if not is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return hop if _is_address(hop) else peer
    return hops[0] if hops else peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class TrustedProxyMiddleware:
    """First in MIDDLEWARE: REMOTE_ADDR becomes the client's address for everything after."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        if is_trusted(peer, networks):
            meta["REMOTE_ADDR"] = client_address(peer, meta.get("HTTP_X_FORWARDED_FOR", ""),
                                                 networks)
        else:
            meta.pop("HTTP_X_FORWARDED_FOR", None)
            meta.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)
