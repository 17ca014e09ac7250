"""Read replicas (core/db_router.py) against two real PostgreSQL databases.

The replica alias must exist before Django connects, so the cases (replica_cases.py) run in a
pytest of their own with DATABASE_REPLICA_URLS set; database names of this run's own (pytest
creates and drops `test_<name>`). Without replicas, the router is a no-op: checked here."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import router
from django.test import Client

from villages.models import Province

ROOT = Path(__file__).resolve().parents[2]


def _postgres_answers() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 5432)) == 0


@pytest.mark.skipif(not _postgres_answers(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_public_reads_use_the_replica_and_staff_and_writes_the_primary():
    name = f"libportal_replica_{os.getpid()}"
    server = "postgres://postgres@127.0.0.1:5432"
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "DATABASE_REPLICA_URLS": f"{server}/{name}_replica",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/scaleout/replica_cases.py", "-q", "-x"]
        + ["-p", "no:randomly", "--create-db", "--nomigrations"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout, result.stdout[-3000:]


@pytest.mark.django_db
def test_without_replicas_the_router_sends_everything_to_default(client):
    assert router.db_for_read(Province) == "default"
    assert client.get("/").status_code == 200
    assert "libportal_primary" not in Client().post("/i18n/setlang/", {"language": "en"}).cookies
