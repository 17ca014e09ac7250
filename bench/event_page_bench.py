"""The admin page of one large event (issue 17, finding 2): time and size, printed.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE libportal_event_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/libportal_event_bench \\
        .venv/bin/python bench/event_page_bench.py --participants 5000

Production-like settings (debug off, manifest static files: it runs `collectstatic` into a
temporary directory first). It loads the Bali demo event, gives it N participants in all
(bulk insert, spread over the demo's libraries), then requests as a superuser, in-process
through Django's test client (server time, no network), each page `--runs` times:

- the event's change page (the participant inline shows its first rows and a link);
- the participant list filtered by the event (the link's target, paginated);
- the event's delete confirmation (at most 100 rows listed, the counts complete).

It prints the best, median and worst time, the HTML size and the number of queries. Figures
are printed, never asserted (see bench/README.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libportal.settings")
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ.setdefault(
    "DJANGO_STATIC_ROOT", str(Path(tempfile.gettempdir()) / "libportal-bench-static")
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402


def setup(participants: int):
    from django.contrib.auth import get_user_model

    from trainings.demo import demo_seed
    from trainings.models import Participant

    call_command("migrate", verbosity=0)
    if not Path(os.environ["DJANGO_STATIC_ROOT"], "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    event = demo_seed().event
    missing = participants - event.participants.count()
    if missing > 0:
        libraries = list(event.participants.values_list("library_id", flat=True).distinct())
        Participant.objects.bulk_create(
            (
                Participant(
                    event=event,
                    library_id=libraries[i % len(libraries)],
                    full_name=f"Peserta Contoh {i:05d}",
                    gender="P" if i % 2 else "L",
                    role=Participant.Role.LIBRARIAN,
                    phone=f"+62812{i:08d}",
                    is_sample=True,
                )
                for i in range(missing)
            ),
            batch_size=1000,
        )
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return event, user


def measure(client: Client, url: str, runs: int) -> dict:
    times, size, queries = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, secure=True)
            content = response.content
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        size, queries = len(content), len(captured)
    return {
        "best": min(times),
        "median": statistics.median(times),
        "worst": max(times),
        "kb": size / 1024,
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    event, user = setup(args.participants)
    client = Client()
    client.force_login(user)
    count = event.participants.count()
    pages = {
        "event change page": reverse("admin:trainings_trainingevent_change", args=[event.pk]),
        "participants of the event": (
            f"{reverse('admin:trainings_participant_changelist')}?event__id__exact={event.pk}"
        ),
        "event delete confirmation": reverse(
            "admin:trainings_trainingevent_delete", args=[event.pk]
        ),
    }
    client.get(pages["event change page"], secure=True)  # warm-up: templates, caches
    print(f"event “{event.title}” with {count:,} participants, {args.runs} runs each")
    print(f"{'page':<30} {'best':>8} {'median':>8} {'worst':>8} {'HTML':>10} {'queries':>8}")
    for name, url in pages.items():
        r = measure(client, url, args.runs)
        print(
            f"{name:<30} {r['best']:>7.3f}s {r['median']:>7.3f}s {r['worst']:>7.3f}s "
            f"{r['kb']:>8.0f}KB {r['queries']:>8}"
        )


if __name__ == "__main__":
    main()
