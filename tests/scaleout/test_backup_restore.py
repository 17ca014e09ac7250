"""The restore that docs/deploy.md describes, performed: pg_dump of the seeded demo (custom
format, as the nightly backup takes it), pg_restore into a fresh database of our own, and every
table's row count compared. A backup nobody has restored is not a backup."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import uuid

import pytest
from django.db import connection

from tests.snapshot import snapshot_restore

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump/pg_restore need PostgreSQL"
)


def _tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    if not found[-1]:
        pytest.skip(f"{name} not installed")
    return found[-1]


def _connection_args(database: str) -> list[str]:
    settings = connection.settings_dict
    return [
        "-h", settings.get("HOST") or "127.0.0.1",
        "-p", str(settings.get("PORT") or 5432),
        "-U", settings.get("USER") or "postgres",
        "-d", database,
    ]  # fmt: skip


def _counts(database: str) -> dict[str, int]:
    """Every table of the public schema and its exact row count."""
    psql = _tool("psql")
    tables = subprocess.run(
        [psql, *_connection_args(database), "-AtX", "-c",
         "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"],
        check=True, capture_output=True, text=True, env=_env(),
    ).stdout.split()  # fmt: skip
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
    rows = subprocess.run(
        [psql, *_connection_args(database), "-AtX", "-F", " ", "-c", query],
        check=True, capture_output=True, text=True, env=_env(),
    ).stdout.splitlines()  # fmt: skip
    return {name: int(count) for name, count in (line.split() for line in rows)}


def _env() -> dict[str, str]:
    password = connection.settings_dict.get("PASSWORD") or ""
    return {**os.environ, **({"PGPASSWORD": password} if password else {})}


def test_a_dump_of_the_demo_restores_into_a_fresh_database_with_every_count_equal(
    transactional_db, demo_store, tmp_path
):
    snapshot_restore(demo_store.get())  # committed: pg_dump sees what a backup would see
    source = connection.settings_dict["NAME"]
    restored = f"h3_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "libportal.dump"
    subprocess.run(
        [_tool("pg_dump"), *_connection_args(source), "-Fc", "--no-owner", "-f", str(dump)],
        check=True, env=_env(),
    )  # fmt: skip
    subprocess.run(
        [_tool("createdb"), *_connection_args(restored)[:-2], restored], check=True, env=_env()
    )
    try:
        subprocess.run(
            [_tool("pg_restore"), *_connection_args(restored), "--no-owner", "--exit-on-error",
             str(dump)],
            check=True, env=_env(),
        )  # fmt: skip
        before, after = _counts(source), _counts(restored)
        assert before == after
        # The demo is really in it: Bali's regions, the 2021 Bimtek and its participants.
        assert after["villages_province"] >= 1 and after["trainings_trainingevent"] >= 1
        assert after["trainings_participant"] >= 10
        assert dump.stat().st_size > 10_000
    finally:
        subprocess.run(
            [_tool("dropdb"), *_connection_args(restored)[:-2], "--if-exists", restored],
            check=False, env=_env(),
        )  # fmt: skip
