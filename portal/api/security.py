"""Who is calling, and how often: per-user bearer tokens and request throttling.

A token acts as its user (`ApiToken`): the same regional scope and the same contacts and health
permissions as in the admin. A revoked token, or one of a user who is no longer active staff,
answers 401 like a wrong one, so a client cannot tell which tokens once existed.

Throttling counts requests per client address (anonymous) and per token user (staff) in
Django's cache. Rates come from settings when set (`LIBPORTAL_API_RATE_ANON`,
`LIBPORTAL_API_RATE_STAFF`, e.g. "120/min"), so an operator or a test can change them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from portal.models import KEY_PREFIX, ApiToken, token_hash

#: How stale `last_used` may get: one write per token per minute, not one per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)

DEFAULT_RATES = {"anon": "120/min", "staff": "600/min"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tpbis_…`: the token's user, or None (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(KEY_PREFIX) or len(token) > 100:
            return None
        found = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(key_hash=token_hash(token))
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used is None or now - found.last_used > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        # Scoping and history (django-simple-history reads request.user) see the token's user.
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class _Throttle(SimpleRateThrottle):
    """A rate read from settings at each request (settings may change in tests)."""

    scope = "anon"

    def __init__(self) -> None:  # the rate is read per request, not once
        pass

    def get_ident(self, request: HttpRequest) -> str | None:
        # The address the server saw: a client-sent X-Forwarded-For is not trusted here (the
        # proxy count is the login throttle's setting, DJANGO_AXES_PROXY_COUNT).
        proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None)
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if proxies and forwarded:
            addresses = [a.strip() for a in forwarded.split(",")]
            return addresses[-min(proxies, len(addresses))]
        return request.META.get("REMOTE_ADDR")

    def allow_request(self, request: HttpRequest) -> bool:
        setting = f"LIBPORTAL_API_RATE_{self.scope.upper()}"
        self.rate = getattr(settings, setting, DEFAULT_RATES[self.scope])
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonThrottle(_Throttle):
    """Public endpoints: per client address."""

    scope = "anon"

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class StaffThrottle(_Throttle):
    """Staff endpoints: per user (all their tokens together)."""

    scope = "staff"

    def get_cache_key(self, request: HttpRequest) -> str:
        user = getattr(request, "auth", None)
        ident = f"user-{user.pk}" if user is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
