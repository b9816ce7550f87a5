"""The client's address, as the audit log and the sign-in lockout both see it."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or — behind ``TRUSTED_PROXY_COUNT`` reverse proxies — the address the
    nearest trusted proxy saw in X-Forwarded-For. Anything unparsable falls back to
    REMOTE_ADDR, so a forged header can at most name the proxy itself."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote
