"""The system user: who the management commands act as when no `--user` is given.

A real account (so the audit trail names it and scoping needs no special case): a superuser,
hence national in every scope check, whose password is unusable, so nobody can log in as it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

SYSTEM_USERNAME = "system"


def system_user() -> AbstractBaseUser:
    """The system user, created on first use."""
    User = get_user_model()
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(
            username=SYSTEM_USERNAME,
            first_name="System",
            last_name="(commands)",
            is_staff=True,
            is_superuser=True,
            is_active=True,
        )
        user.set_unusable_password()
        user.save()
    return user
