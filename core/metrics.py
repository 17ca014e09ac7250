"""Prometheus metrics (prometheus_client): requests by view, method and status, a latency
histogram by view, and the job queue's depth and oldest job's age, read when scraped.

Labels are URL *names*, never paths: a path label would make one series per library page.
With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR (an empty directory) so that a
scrape sums every worker (prometheus_client's multiprocess mode); without it, a scrape sees the
worker that answered it.

/metrics is not public: it answers only to METRICS_ALLOWED_ADDRESSES or to
`Authorization: Bearer <METRICS_TOKEN>`, and is a 404 for everyone else.
"""

from __future__ import annotations

import hmac
import os
import time

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from .jobqueue import oldest_age_seconds, queue_depth_and_oldest

REQUESTS = Counter(
    "libportal_http_requests_total", "HTTP requests answered.", ["view", "method", "status"]
)
LATENCY = Histogram(
    "libportal_http_request_duration_seconds",
    "Time to answer an HTTP request (until the response object; streamed bodies excluded).",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class JobQueueCollector(Collector):
    """Read at scrape time, from the database: the same answer from every worker."""

    def collect(self):
        try:
            found = queue_depth_and_oldest()
        except Exception:  # the database is down: /readyz says so; no queue figures
            return
        if found is None:
            return
        depth, oldest = found
        yield GaugeMetricFamily("libportal_job_queue_depth", "Jobs waiting for a worker.", depth)
        yield GaugeMetricFamily(
            "libportal_job_queue_oldest_age_seconds",
            "Age of the oldest waiting job (0 when none waits).",
            oldest_age_seconds(oldest),
        )


_QUEUE = JobQueueCollector()


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or "other") if match else "unresolved"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        LATENCY.labels(view, request.method).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    return request.META.get("REMOTE_ADDR", "") in settings.METRICS_ALLOWED_ADDRESSES


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessRegistry())
    registry.register(_QUEUE)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


class _ProcessRegistry(Collector):
    """This process's default registry (requests, latency, process and Python figures)."""

    def collect(self):
        yield from REGISTRY.collect()
