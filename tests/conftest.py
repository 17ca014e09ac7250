import dataclasses

import pytest
from django.test import override_settings

from tests.chromium import browser  # noqa: F401  (the one Chromium of the run)
from tests.snapshot import SnapshotStore, snapshot_restore


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hash test passwords with a cheap hasher: the production one (PBKDF2, a million rounds)
    costs about half a second per user created or logged in with a password, and no test is
    about the hash itself (Django's own advice for test suites). Hashes of the production
    hashers still verify."""
    from django.conf import settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(scope="session", autouse=True)
def public_page_cache_off():
    """Public pages are not cached in tests unless a test turns the cache on (tests/scaleout/):
    tests run inside transactions that never commit and load data with raw SQL, so a page cached
    by one test could be served to the next."""
    with override_settings(PUBLIC_CACHE_ENABLED=False):
        yield


@pytest.fixture(scope="session")
def demo_store(django_db_setup, django_db_blocker):
    """The demo as `demo_seed()` builds it on an empty database: built once per session, outside
    any test (reading the regions from the shipped files is most of its cost), and rolled back."""
    from trainings.demo import demo_seed

    store = SnapshotStore(demo_seed)
    with django_db_blocker.unblock():
        store.get()
    return store


@pytest.fixture
def demo_snapshot(db, demo_store):
    """The demo's snapshot, taken again (inside this test) if a transactional test has flushed
    the database since it was taken."""
    return demo_store.get()


@pytest.fixture
def demo(db, demo_snapshot):
    """The Bali 2021 Bimtek of the seed article with Bali's regions, as `demo_seed()` leaves
    them: restored from the session's snapshot into this test's transaction."""
    from trainings.models import TrainingEvent

    snapshot_restore(demo_snapshot)
    result = demo_snapshot.value
    # The event with the relations demo_seed() leaves loaded on the one it returns.
    event = TrainingEvent.objects.select_related(
        "cycle__program",
        "organiser",
        "host",
        "province",
        "opened_by",
        "closed_by",
        "closed_by_representative",
    ).get(pk=result.event.pk)
    return dataclasses.replace(result, event=event)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x-Password-123")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
