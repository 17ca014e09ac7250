"""Certificates for a big event: peak memory and time of `make_certificates` (issue 12).

    DATABASE_URL=sqlite:////tmp/libportal_paperwork_bench.sqlite3 \
        .venv/bin/python bench/paperwork_bench.py --participants 3000

Migrates the database, loads the Bali 2021 demo, and (unless it exists with that many people)
makes a sample event "bench-sertifikat-N" copied from the demo event with N sample participants
spread over the demo's libraries, each present every day. Then runs
`manage.py make_certificates --event bench-sertifikat-N --output …zip` in its own process and
prints its wall time, its peak RSS (`os.wait4`) and the ZIP's count against the participants
meeting the threshold. Target: under 200 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "sqlite:////tmp/libportal_paperwork_bench.sqlite3"


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(n: int, env: dict[str, str]) -> str:
    """Make (once) the bench event with n participants; returns its slug."""
    slug = f"bench-sertifikat-{n}"
    code = f"""
import datetime
from trainings.models import Attendance, Certificate, Participant, TrainingEvent
from trainings.demo import EVENT_SLUG
slug = {slug!r}
event = TrainingEvent.objects.filter(slug=slug).first()
if event is None or event.participants.count() != {n}:
    TrainingEvent.objects.filter(slug=slug).delete()
    demo = TrainingEvent.objects.get(slug=EVENT_SLUG)
    libraries = sorted({{p.library_id for p in demo.participants.all()}})
    event = TrainingEvent.objects.get(slug=EVENT_SLUG)
    event.pk = event.id = None
    event._state.adding = True
    event.slug, event.title = slug, "Bimtek contoh (bench) " + str({n})
    event.status = TrainingEvent.Status.DRAFT
    event.save()
    people = Participant.objects.bulk_create(
        [
            Participant(
                event=event, library_id=libraries[i % len(libraries)],
                full_name=f"Peserta Contoh {{i:05d}}", gender="F" if i % 2 else "M",
                is_sample=True,
            )
            for i in range({n})
        ],
        batch_size=1000,
    )
    Attendance.objects.bulk_create(
        [Attendance(participant=p, day=d) for p in people for d in event.days], batch_size=2000
    )
Certificate.objects.filter(event__slug=slug).delete()  # every run issues them all again
print("participants:", TrainingEvent.objects.get(slug=slug).participants.count())
"""
    subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)
    return slug


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=3000)
    parser.add_argument("--skip-setup", action="store_true", help="no migrate / seed_demo")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-only-not-secret"}
    env.setdefault("DATABASE_URL", DEFAULT_DB)
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
    if not args.skip_setup:
        manage("migrate", "-v0", env=env)
        manage("seed_demo", env=env)
    slug = prepare(args.participants, env)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "certificates.zip"
        started = time.perf_counter()
        process = subprocess.Popen(
            [PYTHON, "manage.py", "make_certificates", "--event", slug, "--output", str(out)],
            cwd=ROOT,
            env=env,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"make_certificates failed with status {status}")
        count = len(zipfile.ZipFile(out).namelist())
        size = out.stat().st_size
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    print(f"database:            {env['DATABASE_URL'].split('@')[-1]}")
    print(f"participants:        {args.participants}")
    print(f"certificates in ZIP: {count}")
    print(f"ZIP size:            {size / 1e6:.1f} MB")
    print(f"time:                {elapsed:.1f} s ({elapsed / max(count, 1) * 1000:.0f} ms each)")
    print(f"peak RSS:            {peak_mb:.1f} MB (target < 200 MB)")


if __name__ == "__main__":
    main()
