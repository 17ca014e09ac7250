"""Fixtures of the hardening tests (issue 17): the scoping world and a few more users."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from portal.services import user_access_grant
from tests.scoping_world import world_fixture  # noqa: F401 (the `world` fixture)

PASSWORD = "Kata-Sandi-Uji-2024"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Logins and users hash passwords (a million PBKDF2 rounds each): a fast hasher keeps
    these tests quick; no test here is about hashing."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def make_user(db):
    """A staff user with the given access, e.g. make_user("k", level="province", code="41")."""

    def make(username: str, *, level: str, code: str = "", role="coordinator", **protected):
        user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
        user_access_grant(
            user=user,
            level=level,
            code=code,
            role=role,
            contacts=protected.get("contacts", False),
            health=protected.get("health", False),
        )
        return user

    return make


def management_forms(response) -> dict:
    """The management-form fields of a change page's inlines, as they were rendered."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for index, form in enumerate(formset.initial_forms):
            for name in form.fields:
                value = form[name].value()
                if value is None or name == "DELETE":
                    continue
                if isinstance(value, (list, tuple)):
                    value = value[0] if value else ""
                data[f"{formset.prefix}-{index}-{name}"] = str(getattr(value, "pk", value))
    return data


def form_data(response) -> dict:
    """Everything a browser would post back from a rendered admin change form, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = str(getattr(value, "pk", value))
    data.update(management_forms(response))
    return data
