"""Cached public pages: a decorator over Django's cache framework and one version number.

Why a version and not a list of keys to delete: a public page composes many records (the home
page counts every cycle, the 2021 report counts participants of many libraries), so working out
which pages one saved record touches would be a second copy of every selector. Instead every
cached page's key carries the current *public version*; any change to a public record bumps it
(`bump_public_version`, wired by the layer that knows which records are public:
`portal/caching.py`), and every page is recomputed on its next request. With Redis as the cache
(REDIS_URL), the version is shared: a change made through one app server invalidates the pages
of all of them (within VERSION_MEMO_SECONDS, half a second: each process reuses the version it
read that long). Old entries are never deleted, they expire (PUBLIC_CACHE_SECONDS).

What is never cached: requests of a logged-in user (staff see fresh pages and drafts), anything
but GET/HEAD, responses other than 200, responses that set a cookie, asked for a CSRF token or
said `Cache-Control: private`/`no-store` (a staff preview). Cached pages therefore hold nothing
personal: they are what any anonymous visitor sees. Anonymous visitors without a session cookie
never touch the session, so the cache does not make them vary on cookies.

Responses carry `ETag`, `Last-Modified` and `Cache-Control: public, max-age=PUBLIC_CACHE_MAX_AGE`
(short: a proxy or CDN may keep them that long), and a conditional request gets a 304.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
_SAFE = ("GET", "HEAD")


# The version as this process last read it, and when: reused for VERSION_MEMO_SECONDS, which
# saves a cache round trip per page and delays another server's change by at most that long.
VERSION_MEMO_SECONDS = 0.5
_memo: list[float] = [0, -1.0]  # version, monotonic time read


def public_version() -> int:
    """The current public version; a missing key (new or flushed cache) starts from the clock,
    so entries written under an earlier number can never come back."""
    now = time.monotonic()
    if now - _memo[1] < VERSION_MEMO_SECONDS:
        return int(_memo[0])
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY)
    _memo[:] = [int(version or 0), now]
    return int(version or 0)


def _bump() -> None:
    _memo[1] = -1.0  # this process sees its own change at once
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no key yet: any fresh number invalidates
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
    except Exception:  # the cache server is down: nothing cached can be served either
        logger.warning("Could not bump the public page version", exc_info=True)


def bump_public_version(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Invalidate every cached public page: now, and again when the current transaction
    commits (a page computed between the two from the old rows is thrown away too). One
    commit-time bump per transaction, however many rows it writes."""
    _bump()
    connection = connections[using]
    if connection.in_atomic_block:
        pending = getattr(connection, "run_on_commit", [])
        if not any(entry[1] is _bump for entry in pending):
            transaction.on_commit(_bump, using=using)


# A copy of the pages this process served lately, in front of the shared cache: a key names
# one version, so the copy is exactly as valid as the shared entry, and a hit costs no round
# trip (the Redis GET of a 50-150 kB page was most of a cached request). Bounded by entries.
_local = LocMemCache("public-pages-local", {"TIMEOUT": 60, "OPTIONS": {"MAX_ENTRIES": 200}})


def _keep_locally(key: str, entry: dict) -> None:
    if not isinstance(caches["default"], LocMemCache):  # else it is there already
        _local.set(key, entry)


def forget_local_copies() -> None:
    """For tests that clear the shared cache."""
    _local.clear()
    _memo[1] = -1.0


def _staff_request(request: HttpRequest) -> bool:
    """Logged in, or with a message waiting to be shown: a page of their own."""
    if "messages" in request.COOKIES:  # django.contrib.messages' cookie storage
        return True
    # Without a session cookie nobody is logged in: do not load (and vary on) the session.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _key(request: HttpRequest, version: int) -> str:
    identity = "|".join(
        (
            request.scheme,
            request.get_host(),
            get_language() or "",
            request.path,
            "&".join(sorted(request.GET.urlencode().split("&"))),
        )
    )
    return f"public-page:{version}:{hashlib.sha256(identity.encode()).hexdigest()}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in control
        and "no-store" not in control
    )


def _finish(request: HttpRequest, entry: dict) -> HttpResponse:
    response = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"]
    )
    if response is None:
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
        for header, value in entry["headers"].items():
            response[header] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
    patch_vary_headers(response, ("Cookie",))
    return response


# Headers a view may set that belong to the page itself (the rest are added per response).
_KEPT_HEADERS = ("Content-Language", "X-Robots-Tag", "Content-Disposition")


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve an anonymous GET/HEAD of `view` from the cache while no public record changed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            not settings.PUBLIC_CACHE_ENABLED
            or request.method not in _SAFE
            or _staff_request(request)
        ):
            response = view(request, *args, **kwargs)
            if request.method in _SAFE and settings.PUBLIC_CACHE_ENABLED:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        try:
            key = _key(request, public_version())
            entry = _local.get(key)
            if entry is None:
                entry = cache.get(key)
                if entry is not None:
                    _keep_locally(key, entry)
        except Exception:  # the cache is down: serve the page uncached
            logger.warning("Public page cache unreachable", exc_info=True)
            return view(request, *args, **kwargs)
        if entry is not None:
            return _finish(request, entry)
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):  # a TemplateResponse (the sitemaps)
            response = response.render()
        if not _storable(request, response):
            return response
        content = response.content
        entry = {
            "content": content,
            "content_type": response["Content-Type"],
            "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
            "etag": f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
            "last_modified": int(time.time()),
        }
        try:
            cache.set(key, entry, settings.PUBLIC_CACHE_SECONDS)
            _keep_locally(key, entry)
        except Exception:
            logger.warning("Public page cache unreachable", exc_info=True)
        return _finish(request, entry)

    return wrapper
