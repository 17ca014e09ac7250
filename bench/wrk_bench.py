"""Public pages under load, with and without the page cache (issue 15), printed as a table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/libportal_wrk_bench \\
        .venv/bin/python bench/wrk_bench.py [--duration 15] [--participants 200000]
    # or: make bench-web

Prepares the database named by DATABASE_URL (a database of its own: created if missing,
migrated, the demo seeded, and `generate_sample_data` run unless it already holds
`--participants` sample participants (+ the demo's few): 5,000 libraries, 3,000 events; a
second run reuses it), collects the static files, then for each mode (cache off, cache on:
LIBPORTAL_PUBLIC_CACHE) starts gunicorn with production settings (DJANGO_DEBUG=0, a secret,
allowed hosts, 3 workers, connections kept 60 s) on a free port of 127.0.0.1 and, for each of a
static file, the home page, the beneficiary list, the province with the most beneficiaries and
the 2021 Bimtek report: requests it once (`1st s`: with the cache on, the miss), warms every
worker up with 2 s of wrk, then runs `wrk` (Debian package) at 16 connections for `--duration`
seconds.

With the cache on, the cache is Redis (`--redis`, Django's RedisCache, a key prefix of this
run's own) when it answers, as in production; this process's memory otherwise (said so).
Figures are printed, never asserted (bench/README.md). The target: every page at ≥ 0.25× the
static file's requests/s, no request over 1 s.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/libportal_wrk_bench"
EVENT_2021 = "/bimtek/bimtek-strategi-pengembangan-tik-bali-2021/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_env(database: str, static_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": str(static_root),
    }


def psql(database: str, sql: str) -> str:
    return subprocess.run(
        ["psql", database, "-X", "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare(database: str, env: dict[str, str], participants: int) -> None:
    server, name = database.rsplit("/", 1)
    exists = psql(f"{server}/postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    if not exists:
        psql(f"{server}/postgres", f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--no-input", "-v0")
    if psql(database, "SELECT count(*) FROM trainings_trainingevent") == "0":
        manage(env, "seed_demo")
    have = int(psql(database, "SELECT count(*) FROM trainings_participant WHERE is_sample"))
    if not participants <= have <= participants + 100:  # + the demo's few sample rows
        print(f"Generating sample data ({participants} participants; have {have})…", flush=True)
        print(manage(env, "generate_sample_data", "--participants", str(participants)).strip())
        psql(database, "ANALYZE")
    manage(env, "collectstatic", "--no-input", "-v0")


def pages(database: str, env: dict[str, str]) -> list[tuple[str, str]]:
    static = (
        manage(
            env,
            "shell",
            "-c",
            "from django.templatetags.static import static; print(static('css/site.css'))",
        )
        .strip()
        .splitlines()[-1]
    )
    province = psql(
        database,
        "SELECT v.province_id FROM programs_beneficiary b JOIN villages_villagelibrary l "
        "ON l.id = b.library_id JOIN villages_village v ON v.code = l.village_id "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
    )
    return [
        ("static file", static),
        ("home", "/"),
        ("beneficiary list", "/penerima-manfaat/"),
        (f"province {province}", f"/wilayah/{province}/"),
        ("2021 report", EVENT_2021),
    ]


def redis_answers(url: str) -> bool:
    host, port = re.match(r"redis://([^:/]+):?(\d*)", url).groups()
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=1):
            return True
    except OSError:
        return False


def start_gunicorn(env: dict[str, str], bind: str, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [GUNICORN, "libportal.wsgi", "--bind", bind, "--workers", str(workers)]
        + ["--timeout", "120", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{bind}/healthz", timeout=5).read()
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer /healthz")


def seconds(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk(url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "max": seconds(latency.group(3)),
        "errors": (sum(int(n) for n in errors.groups()) if errors else 0)
        + (int(non2xx.group(1)) if non2xx else 0),
    }


def measure(env, bind, workers, urls, duration, connections) -> list[dict]:
    server = start_gunicorn(env, bind, workers)
    try:
        rows = []
        for label, path in urls:
            url = f"http://{bind}{path}"
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=120) as response:
                assert response.status == 200, (url, response.status)
                response.read()
            first = time.perf_counter() - started
            # Every worker's first requests load templates and catalogues: not what is measured.
            wrk(url, 2, connections)
            rows.append({"page": label, "first": first, **wrk(url, duration, connections)})
            print(f"  {label:<18} {rows[-1]['rps']:>9.1f} req/s", flush=True)
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=200_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://…/libportal_wrk_bench (a database of its own).")

    static_root = Path(tempfile.gettempdir()) / "libportal-wrk-static"
    env = base_env(database, static_root)
    prepare(database, env, args.participants)
    urls = pages(database, env)
    bind = f"127.0.0.1:{free_port()}"
    cached_env = {**env, "LIBPORTAL_PUBLIC_CACHE": "1"}
    if redis_answers(args.redis):
        cache_name = f"Redis {args.redis}"
        cached_env |= {"REDIS_URL": args.redis, "DJANGO_CACHE_KEY_PREFIX": f"wrk{os.getpid()}"}
    else:
        cache_name = "each worker's memory (Redis did not answer)"
    results = {}
    for mode, mode_env in (
        ("no cache", {**env, "LIBPORTAL_PUBLIC_CACHE": "0"}),
        ("cache", cached_env),
    ):
        print(f"{mode}: gunicorn {args.workers} workers on {bind}", flush=True)
        results[mode] = measure(mode_env, bind, args.workers, urls, args.duration, args.connections)

    print()
    print(
        f"wrk -t2 -c{args.connections} -d{args.duration}s; gunicorn {args.workers} workers, "
        f"DJANGO_DEBUG=0; cache: {cache_name}"
    )
    header = (
        f"{'page':<18} {'path':<30} "
        f"{'no cache r/s':>12} {'×static':>8} {'worst s':>8} {'err':>5}   "
        f"{'cache r/s':>10} {'×static':>8} {'worst s':>8} {'err':>5} {'1st s':>6}"
    )
    print(header)
    print("-" * len(header))
    static = {mode: rows[0]["rps"] for mode, rows in results.items()}
    for (label, path), off, on in zip(urls, results["no cache"], results["cache"], strict=True):
        print(
            f"{label:<18} {path[:30]:<30} "
            f"{off['rps']:>12.1f} {off['rps'] / static['no cache']:>7.2f}× "
            f"{off['max']:>8.3f} {off['errors']:>5}   "
            f"{on['rps']:>10.1f} {on['rps'] / static['cache']:>7.2f}× "
            f"{on['max']:>8.3f} {on['errors']:>5} {on['first']:>6.2f}"
        )
    pages_on = results["cache"][1:]
    worst_ratio = min(row["rps"] / static["cache"] for row in pages_on)
    worst_latency = max(row["max"] for row in pages_on)
    print()
    print(f"Target with the cache: every page ≥ 0.25× static: {worst_ratio:.2f}× (worst page)")
    print(f"                       no request over 1 s:       {worst_latency:.3f} s (worst)")


if __name__ == "__main__":
    main()
