"""Tokens are made and revoked in the admin; the key is shown once and stored hashed."""

import re

import pytest

from portal.models import ApiToken, token_hash
from tests.scoping_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_coordinator_makes_their_own_token_and_sees_the_key_once(client, world):
    user = world.users["province"]
    client.force_login(user)
    response = client.post("/admin/portal/apitoken/add/", {"name": "Dasbor provinsi"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = re.search(r"tpbis_[A-Za-z0-9_-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == token_hash(key) and token.name == "Dasbor provinsi"
    listing = client.get("/admin/portal/apitoken/").content.decode()
    assert token.prefix in listing and key not in listing
    detail = client.get(f"/admin/portal/apitoken/{token.pk}/change/").content.decode()
    assert key not in detail


def test_a_coordinator_sees_and_revokes_only_their_own_tokens(client, world):
    from portal.api.services import api_token_create

    mine, _ = api_token_create(user=world.users["regency"], name="mine")
    theirs, _ = api_token_create(user=world.users["province"], name="theirs")
    client.force_login(world.users["regency"])
    listing = client.get("/admin/portal/apitoken/").content.decode()
    assert "mine" in listing and "theirs" not in listing
    assert client.get(f"/admin/portal/apitoken/{theirs.pk}/change/").status_code in (302, 403, 404)
    client.post(
        "/admin/portal/apitoken/",
        {"action": "revoke", "_selected_action": [mine.pk, theirs.pk]},
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked is not None and theirs.revoked is None


def test_a_user_without_scope_cannot_open_the_token_admin(client, world):
    client.force_login(world.users["noscope"])
    assert client.get("/admin/portal/apitoken/add/").status_code == 403
