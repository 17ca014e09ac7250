"""Library operators (issue 13): granted by command or user admin, scoped to one library by the
one mechanism (villages.scoping), closed everywhere else."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from portal.roles import LIBRARY_OPERATOR
from tests.scoping_world import world_fixture  # noqa: F401 (the `world` fixture)
from tests.villages.factories import StaffFactory
from villages.models import UserScope, VillageLibrary
from villages.scoping import forget_scope, has_regional_scope, operator_library_id


def _scoped_models():
    return [m for m in apps.get_models() if hasattr(m._default_manager.all(), "in_scope")]


def test_grant_scope_library_makes_an_operator_of_that_library_only(world, db, capsys):
    library = world.a1.library
    call_command("grant_scope", "operator-baru", "--library", library.slug, language="en")
    out = capsys.readouterr().out
    assert "operator of library" in out and library.name in out
    user = get_user_model().objects.get(username="operator-baru")
    assert user.is_staff
    assert set(user.groups.values_list("name", flat=True)) == {LIBRARY_OPERATOR}
    assert operator_library_id(user) == library.pk and not has_regional_scope(user)
    assert list(VillageLibrary.objects.in_scope(user)) == [library]


def test_grant_scope_refuses_an_unknown_library_slug_and_changes_nothing(world, db):
    user = world.users["regency"]
    with pytest.raises(CommandError) as error:
        call_command("grant_scope", user.username, "--library", "tidak-ada", language="en")
    assert error.value.returncode == 2
    assert "tidak-ada" in str(error.value)
    assert UserScope.objects.get(user=user).level == UserScope.Level.REGENCY


def test_an_operator_sees_their_library_and_nothing_else_of_any_scoped_model(world, db):
    """Every scoped model: a model that does not say how it belongs to a library (no
    `library_path`) shows an operator no row at all (fail closed)."""
    user = StaffFactory(username="op-a1")
    call_command("grant_scope", user.username, "--library", world.a1.library.slug, language="en")
    forget_scope(user)
    seen = {}
    for model in _scoped_models():
        rows = model._default_manager.all().in_scope(user)
        if model is VillageLibrary:
            assert list(rows) == [world.a1.library]
            continue
        path = type(rows).library_path
        if path:  # e.g. monthly reports: only those of their library
            other = model._default_manager.exclude(**{path: world.a1.library.pk})
            assert not rows.filter(pk__in=other.values("pk")).exists(), model
        else:
            seen[model._meta.label] = rows.count()
    assert seen and set(seen.values()) == {0}, seen
    assert "trainings.Participant" in seen and "programs.Beneficiary" in seen


def test_the_user_admin_makes_an_operator_and_asks_for_the_library(world, db, admin_client):
    user = world.users["noscope"]
    url = reverse("admin:auth_user_change", args=[user.pk])
    base = {
        "username": user.username,
        "date_joined_0": "2024-01-01",
        "date_joined_1": "08:00:00",
        "is_active": "on",
        "is_staff": "on",
        "access_level": "library",
        "access_role": "coordinator",
    }
    response = admin_client.post(url, base)
    assert response.status_code == 200
    assert "access_library" in response.context["adminform"].form.errors
    response = admin_client.post(url, {**base, "access_library": world.a2.library.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    scope = UserScope.objects.get(user=user)
    assert (scope.level, scope.library_id, scope.province_id) == (
        "library",
        world.a2.library.pk,
        None,
    )
    assert set(user.groups.values_list("name", flat=True)) == {LIBRARY_OPERATOR}
    page = admin_client.get(url).content.decode()
    assert f'value="{world.a2.library.pk}" selected' in page


def test_an_operator_gets_no_api_token(world, db):
    from django.core.exceptions import ValidationError

    from portal.api.services import api_token_create

    user = StaffFactory(username="op-token")
    call_command("grant_scope", user.username, "--library", world.a1.library.slug, language="en")
    forget_scope(user)
    with pytest.raises(ValidationError):
        api_token_create(user=user, name="skrip")


@override_settings(DEBUG=True)
def test_the_demo_has_an_operator_of_mengwi_who_logs_in(demo, client, rf, capsys):
    call_command("create_demo_superuser")
    out = capsys.readouterr().out
    assert "operator-mengwi" in out
    user = get_user_model().objects.get(username="operator-mengwi")
    mengwi = VillageLibrary.objects.get(village_id="51.03.02.2009")
    assert operator_library_id(user) == mengwi.pk
    assert authenticate(rf.get("/"), username="operator-mengwi", password="libportal-demo")
    client.force_login(user)
    listing = client.get(reverse("admin:villages_villagelibrary_changelist"))
    assert listing.context["cl"].result_count == 1
    assert client.get(reverse("admin:programs_beneficiary_changelist")).status_code == 403


def test_an_operator_gets_no_staff_export_page(world, db, client):
    user = StaffFactory(username="op-export")
    call_command("grant_scope", user.username, "--library", world.a1.library.slug, language="en")
    client.force_login(user)
    assert client.get(reverse("staff-export")).status_code == 403
    client.force_login(world.users["regency"])
    assert client.get(reverse("staff-export")).status_code == 200
