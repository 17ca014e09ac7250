"""Monthly reports at national scale (issue 13): server time and query counts, printed.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE libportal_monitoring_bench"
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/libportal_monitoring_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_regions
    .venv/bin/python manage.py seed_demo && .venv/bin/python manage.py seed_demo_reports
    .venv/bin/python manage.py generate_sample_data --libraries 5000 --participants 2000 \\
        --events 200
    .venv/bin/python manage.py generate_sample_reports --months 120
    .venv/bin/python bench/monitoring_bench.py --runs 5

Debug off, public page cache off (every request computes its page). Requests go in-process
through Django's test client (server time, no network): the reporting-rate page of the admin for
a province coordinator (the province with the most libraries owing reports) and for national
staff (per province), the public page of that province, and the public page of a sample library
with 120 months of reports. Prints best, median and worst time and the number of queries. Figures
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
os.environ["LIBPORTAL_PUBLIC_CACHE"] = "0"
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
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402


def measure(client: Client, url: str, runs: int) -> tuple[list[float], int, int]:
    times, queries, status = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured.captured_queries), response.status_code
    return times, queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from monitoring.expected import active_beneficiaries
    from monitoring.models import MonthlyReport
    from portal.roles import COORDINATOR, roles_sync
    from villages.models import UserScope

    if not Path(os.environ["DJANGO_STATIC_ROOT"], "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    roles_sync()
    reports = MonthlyReport.objects.count()
    libraries = MonthlyReport.objects.values("library").distinct().count()
    owing = active_beneficiaries().values("library").distinct().count()
    province = (
        active_beneficiaries()
        .values("library__province")
        .annotate(n=Count("library", distinct=True))
        .order_by("-n")
        .first()["library__province"]
    )
    library = (
        MonthlyReport.objects.filter(library__slug__startswith="sampel-", status="approved")
        .values_list("library__slug", flat=True)
        .first()
    )
    User = get_user_model()
    national, _ = User.objects.get_or_create(
        username="bench-national", defaults={"is_staff": True, "is_superuser": True}
    )
    coordinator, created = User.objects.get_or_create(
        username=f"bench-koord-{province}", defaults={"is_staff": True}
    )
    if created:
        coordinator.groups.add(*Group.objects.filter(name=COORDINATOR))
        UserScope.objects.create(user=coordinator, level="province", province_id=province)
    print(
        f"{reports} monthly reports of {libraries} libraries; {owing} libraries owe reports; "
        f"province {province}, library {library}"
    )
    rates_url = reverse("admin:monitoring_monthlyreport_rates")
    pages = [
        (f"admin rates page, province coordinator {province}", coordinator, rates_url),
        ("admin rates page, national (per province)", national, rates_url),
        (
            f"public province page {province}",
            None,
            reverse("villages:region-detail", args=[province]),
        ),
        (
            "public library page (120 months)",
            None,
            reverse("villages:library-detail", args=[library]),
        ),
    ]
    print(f"{'page':55} {'best ms':>8} {'median':>8} {'worst':>8} {'queries':>8} status")
    for label, user, url in pages:
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(url, secure=True)  # warm: templates, connection
        times, queries, status = measure(client, url, args.runs)
        print(
            f"{label:55} {min(times):8.1f} {statistics.median(times):8.1f} "
            f"{max(times):8.1f} {queries:8d} {status}"
        )


if __name__ == "__main__":
    main()
