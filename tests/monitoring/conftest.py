import datetime

import pytest

from portal.roles import COORDINATOR, roles_sync
from tests.villages.factories import StaffFactory

#: The demo's reports are relative to "today": the tests fix it.
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def reports(demo):
    """The demo with its year of sample monthly reports (12 months to October 2026)."""
    from monitoring.demo import demo_reports_seed

    return demo_reports_seed(today=TODAY)


@pytest.fixture
def badung_coordinator(db):
    roles_sync()
    return StaffFactory(username="koord-badung", groups=[COORDINATOR], scope="51.03")


@pytest.fixture
def tabanan_coordinator(db):
    roles_sync()
    return StaffFactory(username="koord-tabanan", groups=[COORDINATOR], scope="51.02")


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (the catalogue's source language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
