"""/healthz and /readyz for load balancers and orchestrators.

/healthz says only that this process answers (no database: a database outage must not make
every app server look dead and get restarted). /readyz says whether it can serve: every
configured database (primary and replicas), the cache, the file storage and the job queue
(when django-tasks is installed) are reached, each with a short timeout; otherwise 503 with
JSON naming what is not reachable, so the balancer stops sending traffic here.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .jobqueue import queue_installed, queue_ping

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database(alias: str) -> Callable[[], None]:
    def check() -> None:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")

    return check


def _cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 5)
    if cache.get(key) != 1:
        raise RuntimeError("a value written could not be read back")
    cache.delete(key)


def _storage() -> None:
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def _backend_name(obj: object) -> str:
    name = type(obj).__name__.lower()
    for known in ("redis", "locmem", "memcache", "database", "filebased", "s3", "filesystem"):
        if known in name:
            return known
    return name


def checks() -> dict[str, tuple[str, Callable[[], None]]]:
    """name -> (backend, check); a check raises when its part is unreachable."""
    found: dict[str, tuple[str, Callable[[], None]]] = {}
    for alias in connections:
        name = "database" if alias == "default" else f"database:{alias}"
        found[name] = (connections[alias].vendor, _database(alias))
    found["cache"] = (_backend_name(caches["default"]), _cache)
    found["storage"] = (_backend_name(storages["default"]), _storage)
    if queue_installed():
        found["job_queue"] = ("django-tasks", queue_ping)
    return found


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict] = {}
    for name, (backend, check) in checks().items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # any failure means: not ready
            logger.warning("readyz: %s (%s) unreachable: %s", name, backend, error)
            results[name] = {"ok": False, "backend": backend, "error": str(error)[:200]}
        else:
            results[name] = {"ok": True, "backend": backend}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    failing = [name for name, result in results.items() if not result["ok"]]
    return JsonResponse(
        {"status": "unavailable" if failing else "ok", "failing": failing, "checks": results},
        status=503 if failing else 200,
    )
