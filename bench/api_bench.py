"""API benchmark: the staff participants endpoint's first, middle and last page (cursor
pagination) at N participants on PostgreSQL, against what OFFSET pagination would cost for
the same pages. See bench/README.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/libportal_api_bench \\
        .venv/bin/python bench/api_bench.py --participants 1000000

Requests go through Django's test client in this process (the whole stack: URL routing, token
authentication, throttling, scoping, the audit record of a page with personal data, JSON), as a
national user with the contacts and health permissions: every page also prefetches screenings
and writes its audit record, the worst case. Each figure is the median of `--repeat` requests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libportal.settings")
# Debug off (it keeps every query's SQL in memory); a throwaway key for that; the test
# client's host allowed and no HTTPS redirect (it speaks plain HTTP to itself).
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=os.environ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--limit", type=int, default=100, help="rows per page")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://… (this benchmark is about PostgreSQL).")

    manage("migrate", "--no-input", "-v0")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from portal.api.pagination import cursor_encode
    from portal.api.services import api_token_create
    from trainings.models import Participant

    if not args.skip_generate and Participant.objects.count() != args.participants:
        manage("generate_sample_data", "--participants", str(args.participants))
    total = Participant.objects.count()
    settings.LIBPORTAL_API_RATE_STAFF = "1000000/min"  # measure the endpoint, not the throttle

    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username="api-bench", defaults={"is_staff": True, "is_superuser": True}
    )
    _token, key = api_token_create(user=user, name="api benchmark")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    limit = args.limit

    def pk_before(index: int) -> int:
        """The primary key just before row `index` (0-based) in key order: its page's cursor."""
        return Participant.objects.order_by("pk").values_list("pk", flat=True)[index - 1]

    pages = {
        "first page": None,
        "middle page": cursor_encode(pk_before(total // 2)),
        "last page": cursor_encode(pk_before(total - limit)),
    }

    def timed(fn) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    print(f"participants: {total:,}; {limit} rows per page; median of {args.repeat} requests")
    print(f"{'page':<14} {'cursor (API) ms':>16} {'OFFSET (same rows) ms':>22} {'rows':>6}")
    offsets = {"first page": 0, "middle page": total // 2, "last page": total - limit}
    for name, cursor in pages.items():
        url = f"/api/v1/staff/participants?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        rows = len(response.json()["items"])
        api_ms = timed(lambda url=url: client.get(url))
        offset = offsets[name]

        def by_offset(offset=offset) -> None:
            list(
                Participant.objects.select_related("event", "library")
                .order_by("pk")[offset : offset + limit]
                .values_list("pk", "full_name")
            )

        offset_ms = timed(by_offset)
        print(f"{name:<14} {api_ms:>16.1f} {offset_ms:>22.1f} {rows:>6}")
    last = pk_before(total - limit)
    with connection.cursor() as cur:
        cur.execute(
            "EXPLAIN ANALYZE SELECT id FROM trainings_participant WHERE id > %s "
            "ORDER BY id LIMIT %s",
            [last, limit + 1],
        )
        plan = [row[0] for row in cur.fetchall()]
    print("last page's key range scan:", plan[0].strip())
    print(" ", plan[-1].strip())
    user.api_tokens.all().delete()


if __name__ == "__main__":
    main()
