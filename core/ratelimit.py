"""A fixed-window rate limit per client address, kept in Django's cache.

For public lookups whose answers must not be enumerated (certificate codes): cheap, shared by
every server process when the cache is (Redis in production; the local-memory default is per
process). The client address follows the login throttle's proxy setting
(`AXES_IPWARE_PROXY_COUNT`): a client-sent X-Forwarded-For is trusted only behind that many
proxies. If the cache is down, requests are let through (and a warning logged).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/min" -> (30, 60). A malformed rate is a configuration error, raised at once."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


def client_address(request: HttpRequest) -> str:
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limited(request: HttpRequest, *, scope: str, rate: str) -> bool:
    """Count this request against `scope` for its address; True once over `rate`."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    try:
        if cache.add(key, 1, timeout=period + 1):
            return False
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=period + 1)
            return False
    except Exception:  # noqa: BLE001 - the cache server is down
        # Open, not closed: what the limit protects (random 120-bit codes) does not depend on
        # it, and refusing every lookup while Redis restarts would hide valid certificates.
        logger.warning("rate limit %s not counted: the cache is unavailable", scope)
        return False
    return count > limit
