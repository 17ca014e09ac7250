"""Finding 8: a connection the database dropped (a PostgreSQL restart) costs no request.

Django keeps connections (CONN_MAX_AGE); with CONN_HEALTH_CHECKS it checks a kept connection
before the first query of a request and reconnects if it is gone. bench/restart_bench.py
measures the same under load with a real restart.
"""

from __future__ import annotations

import psycopg2
import pytest
from django.conf import settings
from django.db import close_old_connections, connection


def test_kept_connections_are_checked_before_a_request_uses_them():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="a server that drops connections: PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
def test_the_first_query_after_the_server_dropped_the_connection_succeeds():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    assert connection.settings_dict["CONN_MAX_AGE"]  # kept between requests
    # What a restart does to every kept connection: the server ends it.
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    # The next request: Django's request_started handler, then the view's first query.
    close_old_connections()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
