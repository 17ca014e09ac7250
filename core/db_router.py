"""Read replicas: anonymous reads go to a replica, everything else to the primary.

The replicas are the aliases `replica_0`, `replica_1`, … that settings make from
DATABASE_REPLICA_URLS. Which requests may read from one is decided per request by
`ReplicaRoutingMiddleware` and kept in a context variable (one per thread or task, so
concurrent requests never see each other's choice); outside a request (management commands,
jobs, the shell) every query goes to the primary.

A request reads from a replica only when it is a GET/HEAD/OPTIONS of an anonymous visitor that
has not written recently. Once anything is written, the rest of that request reads from the
primary (a replica may lag behind its own write), and the response pins the client to the
primary for REPLICA_PIN_SECONDS with a cookie, so the page shown after a POST redirect sees the
write too. Staff (a logged-in session) always use the primary: they edit, and must see their
edits. With no replica configured (the SQLite default), the router sends everything to
`default`, as if it were not there.
"""

from __future__ import annotations

import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "libportal_primary"
_SAFE = ("GET", "HEAD", "OPTIONS")

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in connections.settings if alias.startswith("replica_")]


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if _replica_allowed.get() and not _wrote.get():
            aliases = replica_aliases()
            if aliases:
                return random.choice(aliases)
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Replicas hold the primary's rows: a record read from one relates to any other.
        return True


def _pinned(request: HttpRequest) -> bool:
    try:
        written_at = float(request.COOKIES.get(PIN_COOKIE, ""))
    except ValueError:
        return False
    return time.time() - written_at < settings.REPLICA_PIN_SECONDS


def _logged_in(request: HttpRequest) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session: do not load one
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class ReplicaRoutingMiddleware:
    """After AuthenticationMiddleware: decides whether this request may read from a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        safe = request.method in _SAFE
        allowed = safe and not _pinned(request) and not _logged_in(request)
        allowed_token = _replica_allowed.set(allowed)
        wrote_token = _wrote.set(False)
        try:
            response = self.get_response(request)
            wrote = _wrote.get()
        finally:
            _replica_allowed.reset(allowed_token)
            _wrote.reset(wrote_token)
        if wrote or not safe:
            response.set_cookie(
                PIN_COOKIE,
                str(time.time()),
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
