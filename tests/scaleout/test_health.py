"""/healthz, /readyz, /metrics and the request id (core/health.py, core/metrics.py,
core/request_id.py, core/logging.py)."""

import contextvars
import json
import logging
import shutil
import socket
import subprocess
import time

import pytest
from django_tasks import task

from core.logging import JsonFormatter, RequestIdFilter
from core.request_id import request_id_var

REDIS_PORT = 6390  # our own instance: the shared 6379 is never stopped


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")  # no django_db mark: a query would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_storage(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["failing"] == []
    assert {"database", "cache", "storage"} <= set(body["checks"])
    assert "no-cache" in response["Cache-Control"]


def _redis(*args: str) -> None:
    subprocess.run(["redis-cli", "-p", str(REDIS_PORT), *args], capture_output=True, timeout=10)


def _wait_for_port(up: bool) -> None:
    for _ in range(100):
        with socket.socket() as probe:
            reachable = probe.connect_ex(("127.0.0.1", REDIS_PORT)) == 0
        if reachable == up:
            return
        time.sleep(0.05)
    raise AssertionError(f"redis on {REDIS_PORT} never became {'up' if up else 'down'}")


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own on port 6390; stopped again at the end."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")

    def start() -> None:
        subprocess.run(
            ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"]
            + ["--daemonize", "yes", "--dir", str(tmp_path)],
            check=True,
            capture_output=True,
        )
        _wait_for_port(up=True)

    def stop() -> None:
        _redis("shutdown", "nosave")
        _wait_for_port(up=False)

    start()
    yield start, stop
    stop()


@pytest.mark.django_db
def test_readyz_names_redis_while_it_is_stopped_and_recovers(client, settings, tmp_path, own_redis):
    start, stop = own_redis
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    assert client.get("/readyz").status_code == 200

    stop()
    down = client.get("/readyz")
    assert down.status_code == 503
    body = down.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"]["backend"] == "redis"
    assert body["checks"]["database"]["ok"]
    # The public pages still answer, uncached, while the cache is down.
    settings.PUBLIC_CACHE_ENABLED = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/bimtek/").status_code == 200

    start()
    up = client.get("/readyz")
    assert up.status_code == 200, up.content
    assert up.json()["failing"] == []


@pytest.mark.django_db
def test_metrics_are_not_public(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_ADDRESSES = []
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


@pytest.mark.django_db
def test_metrics_count_requests_by_view_for_a_token_or_an_allowed_address(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    client.get("/bimtek/")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        'libportal_http_requests_total{method="GET",status="200",view="trainings:event-list"}'
        in text
    )
    assert "libportal_http_request_duration_seconds_bucket" in text
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_ADDRESSES = ["127.0.0.1"]
    assert client.get("/metrics").status_code == 200


def test_the_request_id_is_propagated_or_made_up(client):
    given = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert given["X-Request-ID"] == "abc-123"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="not sane\nid")
    assert len(made["X-Request-ID"]) == 32 and made["X-Request-ID"] != "not sane\nid"


def test_log_lines_are_json_with_the_request_id():
    def log_line() -> dict:
        request_id_var.set("req-42")  # as RequestIdMiddleware does
        record = logging.LogRecord(
            "libportal", logging.WARNING, __file__, 1, "slow %s", ("page",), None
        )
        RequestIdFilter().filter(record)
        return json.loads(JsonFormatter().format(record))

    line = contextvars.copy_context().run(log_line)
    assert line["message"] == "slow page"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "req-42"


@task()
def waiting_job() -> None:
    """Enqueued, never run: what a queue without workers holds."""


@pytest.mark.django_db
def test_metrics_show_the_job_queue_depth_and_readyz_checks_it(client, settings, tmp_path):
    settings.METRICS_TOKEN = "s3cret-token"
    settings.MEDIA_ROOT = tmp_path
    waiting_job.enqueue()
    waiting_job.enqueue()
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
    assert "libportal_job_queue_depth 2.0" in text
    assert "libportal_job_queue_oldest_age_seconds" in text
    assert client.get("/readyz").json()["checks"]["job_queue"]["ok"]
