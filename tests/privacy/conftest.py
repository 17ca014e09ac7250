"""A small world for the privacy tests: events that ended long ago and lately, their people,
and one user per role that may or may not handle personal data."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.roles import CONTACT_DATA, COORDINATOR, HEALTH_DATA, NATIONAL_ADMIN, VIEWER, roles_sync
from tests.trainings.factories import TrainingEventFactory
from tests.villages.factories import ProvinceFactory
from villages.models import UserScope

PASSWORD = "Kata-Sandi-Uji-2024"


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def event_ending(db):
    """An event that ended on the given day."""

    def make(end: datetime.date, **kwargs):
        return TrainingEventFactory(
            start_date=end - datetime.timedelta(days=2), end_date=end, **kwargs
        )

    return make


def _user(username: str, groups: list[str], *, level: str | None = None, province=None):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    if level:
        UserScope.objects.create(user=user, level=level, province=province)
    return user


@pytest.fixture
def users(db, django_user_model):
    roles_sync()
    protected = [CONTACT_DATA, HEALTH_DATA]
    province = ProvinceFactory()
    return {
        "anonymous": None,
        "coordinator": _user(
            "koordinator", [COORDINATOR, *protected], level="province", province=province
        ),
        "national_viewer": _user("pengamat", [VIEWER, *protected], level="national"),
        "national_no_health": _user("nasional-tanpa", [NATIONAL_ADMIN], level="national"),
        "national": _user("nasional", [NATIONAL_ADMIN, *protected], level="national"),
        "superuser": django_user_model.objects.create_superuser(
            "root", "root@example.org", PASSWORD
        ),
    }
