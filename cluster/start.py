"""`make cluster`: a production-shaped libportal on this one machine.

PostgreSQL primary + one streaming replica (this machine's binaries, their own ports and data
folders under .cluster/), Redis, moto's standalone S3 server, two gunicorn app servers with
production settings behind nginx, and one job worker. Migrates, loads the regions, seeds the
demo (plus SAMPLE_PARTICIPANTS generated participants, so a national export takes a while),
then prints the URLs. Every process's pid is kept under .cluster/run/ for `make cluster-stop`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from common import (
    ADMIN,
    APP_WORKERS,
    BUCKET,
    DATABASE,
    GUNICORN,
    LOGS,
    PG_RUN,
    PORTS,
    PY,
    ROOT,
    RUN,
    STATE,
    as_postgres,
    django_env,
    manage,
    pg_bin,
    pg_owned,
    psql,
    running_pid,
    spawn,
    url,
    wait_http,
)

SAMPLE_PARTICIPANTS = os.environ.get("SAMPLE_PARTICIPANTS", "60000")


def step(message: str) -> None:
    print(f"[cluster] {message}", flush=True)


def pg_ctl(data: str, *args: str) -> None:
    subprocess.run(
        as_postgres([pg_bin("pg_ctl"), "-D", str(STATE / data), "-l",
                     str(PG_RUN / f"{data}.log"), "-w", *args]),
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def postgres() -> None:
    primary, replica = STATE / "pg-primary", STATE / "pg-replica"
    pg_owned(PG_RUN)
    if not (primary / "PG_VERSION").exists():
        step("initdb primary")
        pg_owned(primary)
        subprocess.run(
            as_postgres([pg_bin("initdb"), "-D", str(primary), "-U", "postgres",
                         "--auth=trust", "-E", "UTF8"]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        with open(primary / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {PORTS['pg-primary']}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{PG_RUN}'\nwal_level = replica\n"
                "max_wal_senders = 5\nhot_standby = on\nshared_buffers = 64MB\n"
                "track_activity_query_size = 4096\n"
            )
    if not (primary / "postmaster.pid").exists():
        step(f"PostgreSQL primary on :{PORTS['pg-primary']}")
        pg_ctl("pg-primary", "start")
    if not psql(
        "pg-primary", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'", "postgres"
    ):
        psql("pg-primary", f"CREATE DATABASE {DATABASE}", "postgres")
    if not (replica / "PG_VERSION").exists():
        step("pg_basebackup -> streaming replica")
        pg_owned(replica).chmod(0o700)
        subprocess.run(
            as_postgres([pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p",
                         str(PORTS["pg-primary"]), "-U", "postgres", "-D", str(replica),
                         "-R", "-X", "stream", "-c", "fast"]),
            check=True,
        )  # fmt: skip
        with open(replica / "postgresql.auto.conf", "a") as conf:
            conf.write(f"\nport = {PORTS['pg-replica']}\n")
    if not (replica / "postmaster.pid").exists():
        step(f"PostgreSQL replica on :{PORTS['pg-replica']}")
        pg_ctl("pg-replica", "start")
    assert psql("pg-replica", "SELECT pg_is_in_recovery()") == "t", "replica is not a standby"


def redis() -> None:
    if running_pid("redis"):
        return
    step(f"Redis on :{PORTS['redis']}")
    spawn(
        "redis",
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(PORTS["redis"]),
         "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(STATE)],
    )  # fmt: skip


def s3() -> None:
    if not running_pid("s3"):
        step(f"S3 (moto server) on :{PORTS['s3']}")
        spawn("s3", [PY, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(PORTS["s3"])])
    wait_http(url("s3"))
    import boto3

    client = boto3.client(
        "s3", endpoint_url=url("s3"), aws_access_key_id="cluster",
        aws_secret_access_key="cluster-secret", region_name="us-east-1",
    )  # fmt: skip
    if BUCKET not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
        client.create_bucket(Bucket=BUCKET)


def data() -> None:
    step("migrate, load_regions, seed_demo, collectstatic")
    manage("migrate", "--no-input", "-v0")
    if psql("pg-primary", "SELECT count(*) FROM villages_province") == "0":
        manage("load_regions", "-v0")
    if psql("pg-primary", "SELECT count(*) FROM trainings_trainingevent") == "0":
        manage("seed_demo", "-v0")
    have = int(psql("pg-primary", "SELECT count(*) FROM trainings_participant WHERE is_sample"))
    if int(SAMPLE_PARTICIPANTS) and have < 1000:
        step(f"generate_sample_data --participants {SAMPLE_PARTICIPANTS}")
        manage("generate_sample_data", "--participants", SAMPLE_PARTICIPANTS)
        psql("pg-primary", "ANALYZE")
    manage("collectstatic", "--no-input", "-v0")
    (STATE / "imports").mkdir(exist_ok=True)
    manage(
        "shell", "-c",
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        f"u, _ = U.objects.get_or_create(username='{ADMIN[0]}'); "
        "u.is_staff = u.is_superuser = True; "
        f"u.set_password('{ADMIN[1]}'); u.save()",
    )  # fmt: skip


def app(role: str) -> None:
    if running_pid(role):
        return
    step(f"gunicorn {role} on :{PORTS[role]} ({APP_WORKERS} workers)")
    spawn(
        role,
        [GUNICORN, "libportal.wsgi", "-b", f"127.0.0.1:{PORTS[role]}", "-w", APP_WORKERS,
         "--timeout", "60", "--graceful-timeout", "5", "--name", f"libportal-{role}"],
        env=django_env(role),
    )  # fmt: skip


def worker() -> None:
    if running_pid("worker"):
        return
    step("job worker (manage.py run_worker)")
    spawn("worker", [PY, "manage.py", "run_worker"], env=django_env("worker"))


NGINX_CONF = """\
worker_processes 2;
pid {run}/nginx.pid;
error_log {logs}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log {logs}/nginx-access.log;
    client_body_temp_path {state}/nginx/body;
    proxy_temp_path {state}/nginx/proxy;
    fastcgi_temp_path {state}/nginx/fastcgi;
    uwsgi_temp_path {state}/nginx/uwsgi;
    scgi_temp_path {state}/nginx/scgi;
    client_max_body_size 12m;
    upstream libportal {{
        server 127.0.0.1:{app_a} max_fails=1 fail_timeout=10s;
        server 127.0.0.1:{app_b} max_fails=1 fail_timeout=10s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://libportal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            # A dead app server: the same request goes to the other one.
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""


def nginx() -> None:
    if running_pid("balancer"):
        return
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        step("nginx missing: apt-get install nginx-light")
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx-light"], check=True)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (STATE / "nginx" / sub).mkdir(parents=True, exist_ok=True)
    conf = STATE / "nginx" / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            run=RUN,
            logs=LOGS,
            state=STATE,
            port=PORTS["balancer"],
            app_a=PORTS["app-a"],
            app_b=PORTS["app-b"],
        )  # fmt: skip
    )
    step(f"nginx balancer on :{PORTS['balancer']}")
    spawn("balancer", [binary, "-c", str(conf), "-p", str(STATE / "nginx")])


def main() -> None:
    for folder in (STATE, RUN, LOGS):
        folder.mkdir(parents=True, exist_ok=True)
    started = time.time()
    postgres()
    redis()
    s3()
    data()
    app("app-a")
    app("app-b")
    worker()
    nginx()
    for role in ("app-a", "app-b", "balancer"):
        wait_http(url(role) + "/healthz")
    print(
        f"\nlibportal cluster up in {time.time() - started:.0f} s "
        f"(state: {STATE.relative_to(ROOT)}/)\n"
        f"  portal (nginx)     {url('balancer')}/   admin: {ADMIN[0]} / {ADMIN[1]}\n"
        f"  app server A       {url('app-a')}/\n"
        f"  app server B       {url('app-b')}/\n"
        f"  PostgreSQL primary postgres://postgres@127.0.0.1:{PORTS['pg-primary']}/{DATABASE}\n"
        f"  PostgreSQL replica postgres://postgres@127.0.0.1:{PORTS['pg-replica']}/{DATABASE}\n"
        f"  Redis              redis://127.0.0.1:{PORTS['redis']}/0\n"
        f"  S3 (moto)          {url('s3')}/{BUCKET}\n"
        f"  logs               {LOGS.relative_to(ROOT)}/\n"
        "Run `make cluster-test`, then `make cluster-stop`.",
        flush=True,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "cluster"))
    main()
