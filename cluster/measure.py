"""`make cluster-measure`: the figures docs/deploy.md sizes the roles from, measured on the
running cluster (`make cluster`): requests/s of one app server (wrk, 8 connections, straight to
app server A so nginx is not measured), memory per gunicorn worker, memory and time of one
export job in the job worker, and bytes per stored row of the big tables."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ADMIN, APP_WORKERS, manage, psql, running_pid, url  # noqa: E402

PAGES = [
    ("static file", None),
    ("home (cached)", "/"),
    ("province page (cached)", "/wilayah/51/"),
    ("event list (not cached)", "/bimtek/"),
    ("/healthz", "/healthz"),
]


def group_rss_kb(pgid: int) -> dict[int, int]:
    """VmRSS of every process of a process group, by pid."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError):
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            found[int(stat.parent.name)] = int(match.group(1))
    return found


def wrk(path: str, seconds: int = 10) -> tuple[float, str]:
    done = subprocess.run(
        [shutil.which("wrk") or "wrk", "-t2", "-c8", f"-d{seconds}s", "--latency",
         url("app-a") + path],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
    p99 = re.search(r"99%\s+(\S+)", done.stdout).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    return rate, p99 + (f", {errors.group(1)} non-2xx" if errors else "")


def static_path() -> str:
    code = "from django.templatetags.static import static; print(static('css/site.css'))"
    return manage("shell", "-c", code).strip().splitlines()[-1]


def job_memory() -> str:
    pgid = running_pid("worker")
    idle = sum(group_rss_kb(pgid).values())
    peak = [idle]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak.append(sum(group_rss_kb(pgid).values()))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.time()
    job = manage(
        "shell", "-c",
        "from django.contrib.auth import get_user_model; from core.jobs import job_start; "
        "from portal.export_jobs import EXPORT_JOB, export_params; "
        f"u = get_user_model().objects.get(username='{ADMIN[0]}'); "
        "j = job_start(owner=u, kind=EXPORT_JOB, title='measure', params=export_params("
        "list_key='participants', filters={}, columns=None, fmt='xlsx', language='id')); "
        "print(j.pk)",
    ).strip().splitlines()[-1]  # fmt: skip
    while psql("pg-primary", f"SELECT status FROM core_job WHERE id = '{job}'") not in (
        "done",
        "failed",
    ):
        time.sleep(0.5)
    took = time.time() - started
    stop.set()
    sampler.join()
    rows = psql("pg-primary", f"SELECT done FROM core_job WHERE id = '{job}'")
    return (
        f"XLSX export of {rows} participants: {took:.0f} s ({int(rows) / took:.0f} rows/s); "
        f"worker RSS idle {idle // 1024} MB, peak {max(peak) // 1024} MB "
        f"(+{(max(peak) - idle) // 1024} MB for the job)"
    )


def row_sizes() -> list[str]:
    lines = []
    for table in ("trainings_participant", "programs_beneficiary", "monitoring_monthlyreport",
                  "core_auditlog"):  # fmt: skip
        exists = psql("pg-primary", f"SELECT to_regclass('{table}') IS NOT NULL")
        if exists != "t":
            continue
        count, size = psql(
            "pg-primary",
            f"SELECT count(*), pg_total_relation_size('{table}') FROM {table}",
        ).split("|")
        if int(count):
            lines.append(
                f"{table}: {count} rows, {int(size) // 1024 // 1024} MB with indexes, "
                f"{int(size) // int(count)} bytes/row"
            )
    lines.append(
        "database total: "
        + psql("pg-primary", "SELECT pg_size_pretty(pg_database_size('libportal'))")
    )
    return lines


def main() -> None:
    if not running_pid("app-a"):
        sys.exit("start the cluster with `make cluster` first")
    pages = [(name, path or static_path()) for name, path in PAGES]
    for _name, path in pages:
        subprocess.run(["curl", "-s", "-o", "/dev/null", url("app-a") + path], check=False)
    print(f"app server A: gunicorn, {APP_WORKERS} sync workers; wrk -t2 -c8 -d10s\n")
    print("| page | requests/s (server) | per worker | p99 |")
    print("|---|---|---|---|")
    for name, path in pages:
        rate, p99 = wrk(path)
        print(f"| {name} | {rate:.0f} | {rate / int(APP_WORKERS):.0f} | {p99} |", flush=True)
    rss = group_rss_kb(running_pid("app-a"))
    master = running_pid("app-a")
    workers = [kb for pid, kb in rss.items() if pid != master]
    print(
        f"\ngunicorn memory: master {rss.get(master, 0) // 1024} MB, workers "
        + ", ".join(f"{kb // 1024} MB" for kb in workers)
    )
    print(job_memory())
    for line in row_sizes():
        print(line)


if __name__ == "__main__":
    main()
