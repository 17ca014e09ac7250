"""`make cluster-test`: break the running cluster (`make cluster`) in the ways production breaks,
and print one table row per check: what was done, pass/FAIL, and the figures seen.

1. an import through app server A is seen through app server B;
2. a public page is read from the replica (its query seen in the replica's pg_stat_activity);
3. publishing an event invalidates the cached home page within a second (through nginx);
4. app server A killed under steady load: nginx routes around it (failed requests counted);
5. the worker killed in the middle of a long export; a restarted worker finishes it;
6. the PostgreSQL primary restarted: the portal answers again without a restart of its own;
7. and the job worker still runs jobs after that restart.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
from common import (  # noqa: E402
    ADMIN,
    BUCKET,
    PORTS,
    STATE,
    as_postgres,
    kill_group,
    manage,
    pg_bin,
    psql,
    running_pid,
    url,
    wait_http,
)

BALANCER = url("balancer")
RESULTS: list[tuple[str, bool, str]] = []


def row(name: str):
    def wrap(check):
        def run():
            started = time.time()
            try:
                ok, figures = check()
            except Exception as error:  # a broken check is a failed row, the others still run
                ok, figures = False, f"{type(error).__name__}: {error}"
            RESULTS.append((name, ok, f"{figures} [{time.time() - started:.0f} s]"))
            print(f"  {'pass' if ok else 'FAIL'}  {name}: {figures}", flush=True)

        return run

    return wrap


def shell(code: str, name: str = "scenario") -> str:
    return manage("shell", "-c", code, name=name).strip().splitlines()[-1]


def login(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/admin/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={"username": ADMIN[0], "password": ADMIN[1], "csrfmiddlewaretoken": token},
        timeout=30,
    )
    assert done.url.rstrip("/").endswith("/admin"), f"login failed: {done.status_code}"
    return session


def csrf(session: requests.Session, page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def annex(rows: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["LAMPIRAN KEPUTUSAN (cluster-test)"])
    sheet.append([])
    sheet.append(["No", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan",
                  "Nama Perpustakaan"])  # fmt: skip
    for number, values in enumerate(rows, 1):
        sheet.append([number, *values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@row("1 import via app A, seen via app B")
def import_a_seen_b():
    year = shell(
        "from programs.models import ProgramCycle as C; from django.db.models import Max; "
        "last = C.objects.order_by('-year').first(); "
        "c = C.objects.create(program=last.program, year=max(last.year + 1, 2030)); print(c.year)"
    )
    cycle = shell(
        f"from programs.models import ProgramCycle as C; print(C.objects.get(year={year}).pk)"
    )
    # Three village libraries of the demo's regions, by their names in the regions table.
    villages = shell(
        "from villages.models import Village; import json; print(json.dumps([["
        "v.regency.province.name, v.regency.name, v.district.name, v.name, ''] for v in "
        "Village.objects.select_related('district', 'regency__province')"
        ".filter(regency__code='51.02').order_by('code')[:3]]))"
    )
    import json

    rows = json.loads(villages)
    a, b = login(url("app-a")), None
    upload = f"{url('app-a')}/admin/programs/programcycle/{cycle}/import-annex/"
    page = a.get(upload, timeout=30)
    sent = a.post(
        upload,
        data={"csrfmiddlewaretoken": csrf(a, page.text)},
        files={"file": ("lampiran.xlsx", annex(rows))},
        allow_redirects=False,
        timeout=60,
    )
    assert sent.status_code == 302, f"upload answered {sent.status_code}"
    preview_url = url("app-a") + sent.headers["Location"]
    preview = a.get(preview_url, timeout=60)
    confirmed = a.post(
        preview_url,
        data={"csrfmiddlewaretoken": csrf(a, preview.text), "confirm": "1"},
        allow_redirects=False,
        timeout=60,
    )
    assert confirmed.status_code == 302, f"confirm answered {confirmed.status_code}"
    # The same session cookie on app server B (sessions in the shared database).
    b = requests.Session()
    b.cookies.update(a.cookies)
    listing = b.get(
        f"{url('app-b')}/admin/programs/beneficiary/?cycle__id__exact={cycle}", timeout=30
    )
    seen = len(set(re.findall(r"/admin/programs/beneficiary/(\d+)/change/", listing.text)))
    return seen == len(rows), (
        f"{len(rows)} rows imported on A (cycle {year}); "
        f"B lists {seen} (HTTP {listing.status_code})"
    )


@row("2 public page read from the replica")
def replica_read():
    subprocess.run(["redis-cli", "-p", str(PORTS["redis"]), "FLUSHALL"], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    for _ in range(4):  # both app servers get some
        assert requests.get(f"{BALANCER}/wilayah/51/", timeout=30).status_code == 200
    seen = psql(
        "pg-replica",
        "SELECT application_name || ': ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 60) "
        "FROM pg_stat_activity WHERE application_name IN ('app-a', 'app-b') "
        "AND datname = 'libportal' ORDER BY 1",
    ).splitlines()
    recovery = psql("pg-replica", "SELECT pg_is_in_recovery()")
    return bool(seen) and recovery == "t", (
        f"replica (in recovery: {recovery}) has {len(seen)} app connections; "
        f"e.g. «{seen[0] if seen else '-'}»"
    )


@row("3 publish event -> cached home fresh < 1 s")
def publish_invalidates():
    slug, title = shell(
        "from trainings.selectors import events_latest; e = events_latest()[0]; "
        "print(e.slug + '|' + e.title)"
    ).split("|", 1)
    shell(
        "from trainings.models import TrainingEvent as E; from trainings.services import "
        f"event_unpublish; event_unpublish(event=E.objects.get(slug='{slug}')); print('ok')"
    )
    time.sleep(1)
    first = requests.get(f"{BALANCER}/", timeout=30)
    again = requests.get(f"{BALANCER}/", timeout=30)
    cached = first.headers.get("ETag") == again.headers.get("ETag") and title not in again.text
    seen: list[float] = []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            if title in requests.get(f"{BALANCER}/", timeout=30).text:
                seen.append(time.time())
                return
            time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    published_at = float(
        shell(
            "import time; from trainings.models import TrainingEvent as E; from "
            "trainings.services import event_publish; "
            f"event_publish(event=E.objects.get(slug='{slug}')); "
            "print(time.time())"
        )
    )
    poller.join(10)
    stop.set()
    fresh = seen[0] - published_at if seen else float("inf")
    # Polled every 50 ms from before the publishing process started: `fresh` is the time from
    # its commit to the first page through nginx that shows the event.
    return cached and fresh < 1.0, (
        f"unpublished: cached home without it (same ETag); published: seen after {fresh:.2f} s"
    )


def start_app(role: str) -> None:
    from start import app

    app(role)
    wait_http(url(role) + "/healthz")


@row("4 app A killed under load: balancer routes around")
def kill_app_under_load():
    stop = threading.Event()
    counts = {"ok": 0, "failed": 0}
    reasons: list[str] = []
    failed_at: list[float] = []
    lock = threading.Lock()

    def load():
        session = requests.Session()
        while not stop.is_set():
            try:
                status = session.get(f"{BALANCER}/wilayah/51/", timeout=10).status_code
            except requests.RequestException as error:
                status = type(error).__name__
            with lock:
                counts["ok" if status == 200 else "failed"] += 1
                if status != 200:
                    reasons.append(str(status))
                    failed_at.append(time.time())

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    before = dict(counts)
    killed_at = time.time()
    kill_group("app-a", signal.SIGKILL, wait=5)
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join()
    alive_b = requests.get(f"{url('app-b')}/healthz", timeout=5).status_code == 200
    total = counts["ok"] + counts["failed"]
    start_app("app-a")
    # A request A was in the middle of answering when it died cannot be retried by nginx (the
    # response had begun); every request after that must be answered by B.
    in_flight = sum(1 for at in failed_at if at < killed_at + 1.0)
    later = len(failed_at) - in_flight
    return later == 0 and in_flight <= 8 and alive_b, (
        f"{total} requests in 9 s by 8 clients ({before['ok']} before the kill); failed: "
        f"{in_flight} in flight at the kill {sorted(set(reasons))}, {later} after it; "
        "A restarted afterwards"
    )


@row("5 worker killed mid-export; restarted worker finishes")
def worker_crash():
    job = shell(
        "from django.contrib.auth import get_user_model; from core.jobs import job_start; "
        "from portal.export_jobs import EXPORT_JOB, export_params; "
        f"u = get_user_model().objects.get(username='{ADMIN[0]}'); "
        "j = job_start(owner=u, kind=EXPORT_JOB, title='cluster-test export', "
        "params=export_params(list_key='participants', filters={}, columns=None, fmt='xlsx', "
        "language='id')); print(j.pk)"
    )

    def state() -> tuple[str, int, int, int, str]:
        status, done, total, attempt, file = psql(
            "pg-primary",
            f"SELECT status, done, coalesce(total, 0), attempt, file FROM core_job "
            f"WHERE id = '{job}'",
        ).split("|")
        return status, int(done), int(total), int(attempt), file

    deadline = time.time() + 120
    while (current := state())[1] == 0 and time.time() < deadline:
        time.sleep(0.2)
    status, done_at_kill, total, attempt_at_kill, _file = current
    assert status == "running" and done_at_kill > 0, f"job not running: {current}"
    kill_group("worker", signal.SIGKILL, wait=5)
    killed_at = time.time()
    from start import worker

    worker()
    deadline = time.time() + 600
    while (current := state())[0] not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.5)
    status, done, total, attempts, file = current
    import boto3

    client = boto3.client(
        "s3", endpoint_url=url("s3"), aws_access_key_id="cluster",
        aws_secret_access_key="cluster-secret", region_name="us-east-1",
    )  # fmt: skip
    size = client.head_object(Bucket=BUCKET, Key=f"files/{file}")["ContentLength"] if file else 0
    return status == "done" and attempts > attempt_at_kill and size > 0, (
        f"worker killed at {done_at_kill}/{total} rows (attempt {attempt_at_kill}); "
        f"{status} {done}/{total} by attempt {attempts} "
        f"{time.time() - killed_at:.0f} s later; {size // 1024} KB in s3://{BUCKET}/files/"
    )


@row("6 PostgreSQL primary restarted; portal answers")
def primary_restart():
    session = login(BALANCER)  # staff pages read the primary
    assert session.get(f"{BALANCER}/admin/", timeout=30).status_code == 200
    subprocess.run(
        as_postgres([pg_bin("pg_ctl"), "-D", str(STATE / "pg-primary"), "-m", "fast", "-w",
                     "restart", "-l", str(STATE / "pg-run" / "pg-primary.log")]),
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    codes = []
    for _ in range(20):
        codes.append(session.get(f"{BALANCER}/admin/", timeout=30).status_code)
        codes.append(requests.get(f"{BALANCER}/readyz", timeout=30).status_code)
    errors = sum(code != 200 for code in codes)
    return errors == 0, (
        f"{len(codes)} requests right after the restart (staff admin + /readyz): {errors} not 200; "
        f"app servers not restarted (A pid {running_pid('app-a')}, B pid {running_pid('app-b')})"
    )


@row("7 job worker survives the primary restart")
def worker_after_restart():
    """Row 6 restarted the primary: a job queued now must still be run by the same worker."""
    pid = running_pid("worker")
    job = shell(
        "from django.contrib.auth import get_user_model; from core.jobs import job_start; "
        "from portal.export_jobs import EXPORT_JOB, export_params; "
        f"u = get_user_model().objects.get(username='{ADMIN[0]}'); "
        "j = job_start(owner=u, kind=EXPORT_JOB, title='after restart', "
        "params=export_params(list_key='beneficiaries', filters={}, columns=None, fmt='csv', "
        "language='id')); print(j.pk)"
    )
    deadline = time.time() + 60
    status = ""
    while time.time() < deadline:
        status = psql("pg-primary", f"SELECT status FROM core_job WHERE id = '{job}'")
        if status in ("done", "failed") or not running_pid("worker"):
            break
        time.sleep(0.5)
    alive = running_pid("worker") == pid is not None
    return status == "done" and alive, (
        f"job after the restart: {status}; worker {'alive' if alive else 'EXITED'} "
        f"(log: .cluster/logs/worker.log)"
    )


def rolling_deploy() -> None:
    """The tree may have moved on since `make cluster`: deploy it as docs/deploy.md says
    (migrate, collectstatic, then the app servers and the worker replaced one at a time)."""
    print("cluster-test: rolling deploy of the working tree", flush=True)
    manage("migrate", "--no-input", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    for role in ("app-a", "app-b"):
        kill_group(role, signal.SIGTERM)
        start_app(role)
    from start import worker

    kill_group("worker", signal.SIGTERM)
    worker()


def main() -> None:
    for role in ("balancer", "app-a", "app-b", "worker"):
        if not running_pid(role):
            sys.exit(f"{role} is not running: start the cluster with `make cluster` first")
    rolling_deploy()
    print("cluster-test: running 7 checks against", BALANCER, flush=True)
    checks = (import_a_seen_b, replica_read, publish_invalidates, kill_app_under_load,
              worker_crash, primary_restart, worker_after_restart)  # fmt: skip
    chosen = {int(n) for n in sys.argv[1:]} or set(range(1, len(checks) + 1))
    for number, check in enumerate(checks, 1):
        if number in chosen:
            check()
    width = max(len(name) for name, _ok, _figures in RESULTS)
    print(f"\n| {'check':<{width}} | result | figures |")
    print(f"|{'-' * (width + 2)}|--------|---------|")
    for name, ok, figures in RESULTS:
        print(f"| {name:<{width}} | {'pass' if ok else 'FAIL':<6} | {figures} |")
    sys.exit(0 if all(ok for _name, ok, _figures in RESULTS) else 1)


if __name__ == "__main__":
    main()
