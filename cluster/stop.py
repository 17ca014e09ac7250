"""`make cluster-stop`: stop what `make cluster` started (its pid files under .cluster/run/ and
its two PostgreSQL data folders), nothing else. The data stays; `make cluster-clean` removes it."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import STATE, as_postgres, kill_group, pg_bin  # noqa: E402

# The balancer first (no new requests), the database last.
ROLES = ("balancer", "app-a", "app-b", "worker", "load", "s3", "redis")


def main() -> None:
    for role in ROLES:
        if kill_group(role, signal.SIGTERM):
            print(f"[cluster] stopped {role}")
    for data in ("pg-replica", "pg-primary"):
        folder = STATE / data
        if (folder / "postmaster.pid").exists():
            subprocess.run(
                as_postgres([pg_bin("pg_ctl"), "-D", str(folder), "-m", "fast", "-w", "stop"]),
                check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            print(f"[cluster] stopped {data}")


if __name__ == "__main__":
    main()
