"""Shared parts of `make cluster`, `make cluster-test` and `make cluster-stop`: where the state
lives, which ports each server listens on, the environment every Django process gets, and
starting/stopping processes through pid files (so `cluster-stop` stops what `cluster` started
and nothing else)."""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("CLUSTER_DIR", ROOT / ".cluster"))
RUN = STATE / "run"
PG_RUN = STATE / "pg-run"  # sockets and logs of the two PostgreSQL servers
LOGS = STATE / "logs"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

# Below the ephemeral port range (32768+): no client socket can be holding them.
BASE = int(os.environ.get("CLUSTER_BASE_PORT", "28300"))
PORTS = {
    "balancer": BASE,
    "app-a": BASE + 1,
    "app-b": BASE + 2,
    "pg-primary": BASE + 3,
    "pg-replica": BASE + 4,
    "redis": BASE + 5,
    "s3": BASE + 6,
}
DATABASE = "libportal"
APP_WORKERS = os.environ.get("CLUSTER_APP_WORKERS", "2")  # gunicorn workers per app server
BUCKET = "libportal"
ADMIN = ("cluster-admin", "cluster-admin-password-1")


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"PostgreSQL's {name} not found under /usr/lib/postgresql/*/bin")
    return found[-1]


def as_postgres(command: list[str]) -> list[str]:
    """initdb, pg_ctl and the server refuse to run as root: run them as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def pg_owned(folder: Path) -> Path:
    """A folder the PostgreSQL processes may write (data, sockets, logs)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        import pwd

        entry = pwd.getpwnam("postgres")
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    return folder


def url(role: str) -> str:
    return f"http://127.0.0.1:{PORTS[role]}"


def pg_url(role: str, application: str = "libportal") -> str:
    address = f"postgres://postgres@127.0.0.1:{PORTS[role]}/{DATABASE}"
    return f"{address}?application_name={application}"


def django_env(name: str = "manage") -> dict[str, str]:
    """Production settings for every Django process of the cluster (app servers, worker,
    management commands); `name` tags its database connections (pg_stat_activity)."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "cluster-only-not-a-secret-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": str(STATE / "static"),
        "DATABASE_URL": pg_url("pg-primary", name),
        "DATABASE_REPLICA_URLS": pg_url("pg-replica", name),
        "REDIS_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
        "STORAGE_S3_BUCKET": BUCKET,
        "STORAGE_S3_ENDPOINT_URL": url("s3"),
        "STORAGE_S3_ACCESS_KEY": "cluster",
        "STORAGE_S3_SECRET_KEY": "cluster-secret",
        "STORAGE_S3_REGION": "us-east-1",
        # Shared by both app servers (one machine here; a shared volume in production).
        "LIBPORTAL_IMPORT_UPLOAD_DIR": str(STATE / "imports"),
        # A crashed worker's job is handed on after this long without a heartbeat.
        "LIBPORTAL_JOB_LEASE_SECONDS": "10",
        "LIBPORTAL_PUBLIC_URL": url("balancer"),
    }


def manage(*args: str, name: str = "manage", check: bool = True) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=django_env(name),
        capture_output=True,
        text=True,
    )
    if check and done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def psql(role: str, sql: str, database: str = DATABASE) -> str:
    done = subprocess.run(
        [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(PORTS[role]), "-U", "postgres",
         "-d", database, "-AtX", "-c", sql],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def pid_file(role: str) -> Path:
    return RUN / f"{role}.pid"


def spawn(role: str, argv: list[str], env: dict[str, str] | None = None) -> int:
    """Start a process in its own session (so stopping it stops its children), log to
    logs/<role>.log, record its pid."""
    RUN.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{role}.log", "ab") as log:
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    pid_file(role).write_text(str(process.pid))
    return process.pid


def running_pid(role: str) -> int | None:
    try:
        pid = int(pid_file(role).read_text().split()[0])
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None
    return pid


def kill_group(role: str, sig: int = signal.SIGTERM, wait: float = 15.0) -> bool:
    """Signal the process group started for `role` (its pid file), wait for it to end."""
    pid = running_pid(role)
    if pid is None:
        pid_file(role).unlink(missing_ok=True)
        return False
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass
    deadline = time.time() + wait
    while time.time() < deadline and _group_alive(pid):
        time.sleep(0.1)
    if _group_alive(pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        time.sleep(0.2)
    _reap(pid)
    pid_file(role).unlink(missing_ok=True)
    return True


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # A zombie leader still counts as a member: treat zombies as gone.
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def wait_http(address: str, seconds: float = 60.0) -> None:
    deadline = time.time() + seconds
    while True:
        try:
            urllib.request.urlopen(address, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
