"""A PostgreSQL restart under load (issue 17, finding 8): how many requests fail, printed.

    .venv/bin/python bench/restart_bench.py --requests 2000 [--no-pause]

It never touches the shared server on 5432: it creates its OWN PostgreSQL instance
(`initdb -D /tmp/pg_e`, port 55432, socket in /tmp; as the `postgres` user when run as root),
a database there, migrates it and loads the Bali demo, collects the static files, and serves the
portal with gunicorn (3 workers, debug off, connections kept 60 s: production-like) on a free
port of 127.0.0.1. Then `--threads` clients request public pages that read the database (home,
event list, an event's report, beneficiaries) until `--requests` are done; halfway through, the
instance is restarted (`pg_ctl restart -m fast`, which ends every connection).

By default the clients pause while it restarts, as on a quiet night: every gunicorn worker then
holds a connection the server has ended, which is what made each worker's first request fail.
With `--no-pause` they keep going: the requests that arrive while the database is down fail (it
is down), and their errors make Django drop those connections anyway.

Every request is classified by when it ran: before the restart, overlapping it, or after the
database was back (a failure there is a stale connection: the goal is 0). `--app-dir` serves
another checkout of the portal (a worktree of an older commit, with its own `--database`) to
compare. `--keep` leaves the instance running; `--stop` only stops it.

Figures are printed, never asserted (see bench/README.md).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path("/tmp/pg_e")
PORT = 55432
DATABASE = "libportal_restart"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


BIND = f"127.0.0.1:{free_port()}"  # never a colleague's server


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"{name} not found under /usr/lib/postgresql/*/bin")
    return found[-1]


def as_postgres(command: list[str]) -> list[str]:
    # initdb and pg_ctl refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def pg_ctl(*args: str) -> None:
    subprocess.run(
        as_postgres([pg_bin("pg_ctl"), "-D", str(DATA_DIR), "-w", *args]),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def start_instance(database: str) -> None:
    if not (DATA_DIR / "PG_VERSION").exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(DATA_DIR, "postgres", "postgres")
        subprocess.run(
            as_postgres([pg_bin("initdb"), "-D", str(DATA_DIR), "-A", "trust", "-U", "postgres"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    status = subprocess.run(as_postgres([pg_bin("pg_ctl"), "-D", str(DATA_DIR), "status"]))
    if status.returncode != 0:
        pg_ctl("-o", f"-p {PORT} -k /tmp", "-l", str(DATA_DIR / "server.log"), "start")
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(PORT),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{database}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(PORT),
                "-U",
                "postgres",
                "-c",
                f"CREATE DATABASE {database}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )


def portal_env(app_dir: Path, static_root: Path, database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PORT}/{database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": str(static_root),
        "PYTHONPATH": str(app_dir),
    }


def prepare(app_dir: Path, env: dict[str, str], database: str) -> str:
    """Migrate, load the demo, collect static files; return the demo event's public path."""
    python = str(ROOT / ".venv" / "bin" / "python")
    for command in (["migrate"], ["seed_demo"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [python, "manage.py", *command, "-v", "0"],
            cwd=app_dir,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    slug = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(PORT),
            "-U",
            "postgres",
            "-d",
            database,
            "-tAc",
            "SELECT slug FROM trainings_trainingevent ORDER BY id LIMIT 1",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return f"/bimtek/{slug}/"


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=10).read()
            return
        except OSError:  # refused while gunicorn starts, or a slow first answer
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {url}")


def run(args) -> None:
    app_dir = Path(args.app_dir).resolve()
    tag = hashlib.sha1(str(app_dir).encode()).hexdigest()[:8]
    static_root = Path(tempfile.gettempdir()) / f"libportal-restart-static-{tag}"
    start_instance(args.database)
    env = portal_env(app_dir, static_root, args.database)
    event_path = prepare(app_dir, env, args.database)
    paths = ["/", "/bimtek/", event_path, "/penerima-manfaat/"]
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "libportal.wsgi",
            "--bind",
            BIND,
            "--workers",
            str(args.workers),
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=app_dir,
        env=env,
    )
    results: list[tuple[float, float, int]] = []  # (start, end, status); 0 = no answer
    lock = threading.Lock()
    counter = iter(range(args.requests))
    try:
        wait_for(f"http://{BIND}/")
        for path in paths:  # every worker has a connection to lose
            for _ in range(args.workers * 2):
                urllib.request.urlopen(f"http://{BIND}{path}", timeout=10).read()

        go = threading.Event()
        go.set()
        in_flight = [0]

        def client(number: int) -> None:
            while True:
                go.wait()
                with lock:
                    index = next(counter, None)
                    if index is not None:
                        in_flight[0] += 1
                if index is None:
                    return
                url = f"http://{BIND}{paths[index % len(paths)]}"
                start = time.monotonic()
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        response.read()
                        status = response.status
                except urllib.error.HTTPError as error:
                    status = error.code
                except OSError:  # refused, reset, timed out: no answer
                    status = 0
                with lock:
                    results.append((start, time.monotonic(), status))
                    in_flight[0] -= 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.threads)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        while len(results) < args.requests // 2:
            time.sleep(0.05)
        if args.pause:
            # Quiet while the database restarts (a night, a lunch break): no request fails
            # because the database is down, and every worker keeps a connection that is dead.
            go.clear()
            while in_flight[0]:
                time.sleep(0.01)
        down = time.monotonic()
        pg_ctl("-o", f"-p {PORT} -k /tmp", "-m", "fast", "restart")
        up = time.monotonic()
        go.set()
        for thread in threads:
            thread.join()
        ended = time.monotonic()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    during = [r for r in results if r[0] < up and r[1] > down]
    after = [r for r in results if r[0] >= up]
    before = [r for r in results if r[1] <= down]
    failed = lambda rows: sum(1 for r in rows if r[2] != 200)  # noqa: E731
    mode = "clients paused during the restart" if args.pause else "clients kept running"
    print(f"portal: {app_dir}  ({args.workers} gunicorn workers, {args.threads} clients, {mode})")
    print(f"{len(results)} requests in {ended - began:.1f} s; database down {up - down:.2f} s")
    print(f"{'':<34}{'requests':>10}{'failed':>8}")
    print(f"{'before the restart':<34}{len(before):>10}{failed(before):>8}")
    print(f"{'overlapping the restart':<34}{len(during):>10}{failed(during):>8}")
    print(f"{'after the database was back':<34}{len(after):>10}{failed(after):>8}")
    if not args.keep:
        pg_ctl("stop", "-m", "fast")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--app-dir", default=str(ROOT), help="the portal checkout to serve")
    parser.add_argument("--database", default=DATABASE, help="its database on the instance")
    parser.add_argument(
        "--no-pause",
        dest="pause",
        action="store_false",
        help="keep the clients running while the database is down (those requests fail)",
    )
    parser.add_argument("--keep", action="store_true", help="leave the instance running")
    parser.add_argument("--stop", action="store_true", help="only stop the instance")
    args = parser.parse_args()
    if args.stop:
        pg_ctl("stop", "-m", "fast")
        return
    run(args)


if __name__ == "__main__":
    main()
