"""Helpers of the event-page tests: staff users with a scope and a role (as tests/paperwork)."""

import pytest
from django.contrib.auth import get_user_model

from portal.services import user_access_grant


@pytest.fixture
def make_staff(db):
    def make(username: str, *, level: str, code: str = "", role: str = "coordinator"):
        user = get_user_model().objects.create_user(username, password="x-Password-123")
        user_access_grant(
            user=user, level=level, code=code, role=role, contacts=False, health=False
        )
        return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions

    return make
