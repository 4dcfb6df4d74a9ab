"""The client's address, believing X-Forwarded-For only from configured trusted proxies."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or — when it is a trusted proxy — the nearest untrusted hop of X-Forwarded-For.

    Hops are read from the right: everything left of the first untrusted hop was written by the
    client and may be spoofed.
    """
    remote = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = _networks(tuple(settings.EPDEE_TRUSTED_PROXIES))
    if not _is_trusted(remote, networks):
        return str(remote)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for raw in reversed(hops):
        hop = _parse(raw)
        if hop is None:
            break
        if not _is_trusted(hop, networks):
            return str(hop)
    return str(remote)
