"""Finding 3: a record looked up by a key the user typed is looked up in their scope, with one
answer for "unknown" and "not yours" (the staff export page, the admin's view-on-site)."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from trainings.models import TrainingEvent


def _export(client, slug: str):
    response = client.get(
        reverse("staff-export"), {"kind": "participants", "event": slug, "format": "csv"}
    )
    # The admin's look carries a logout form whose CSRF token differs on every page.
    if not response.streaming:
        response.content = re.sub(rb'csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return response


def test_export_page_answers_the_same_for_an_unknown_and_another_regions_event(world, db, client):
    client.force_login(world.users["province"])
    theirs = _export(client, world.b1.event.slug)  # province 42: not theirs
    unknown = _export(client, "tidak-ada-acara-ini")
    assert theirs.status_code == unknown.status_code == 400
    assert world.b1.event.title not in theirs.content.decode()
    # The same message, only the slug (which the user typed) differs.
    assert theirs.content.decode().replace(world.b1.event.slug, "SLUG") == (
        unknown.content.decode().replace("tidak-ada-acara-ini", "SLUG")
    )
    mine = _export(client, world.a1.event.slug)
    assert mine.status_code == 200


def test_export_page_refuses_a_draft_event_of_another_region(world, db, client):
    TrainingEvent.objects.filter(pk=world.b1.event.pk).update(status="draft")
    client.force_login(world.users["regency"])
    response = _export(client, world.b1.event.slug)
    assert response.status_code == 400
    assert world.b1.event.title not in response.content.decode()


def _view_on_site(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.mark.parametrize("role", ["province", "regency", "viewer"])
def test_view_on_site_redirects_only_to_an_event_in_scope(world, db, client, role):
    client.force_login(world.users[role])
    mine = client.get(_view_on_site(world.a1.event))
    assert mine.status_code == 302 and mine["Location"].endswith(world.a1.event.get_absolute_url())
    theirs = client.get(_view_on_site(world.b1.event))
    assert theirs.status_code == 404
    assert world.b1.event.slug not in theirs.content.decode()


def test_view_on_site_gives_nothing_to_staff_without_a_scope(world, db, client):
    client.force_login(world.users["noscope"])
    for event in (world.a1.event, world.b1.event):
        assert client.get(_view_on_site(event)).status_code == 404


def test_view_on_site_answers_404_to_unknown_and_hostile_ids(world, db, client):
    client.force_login(world.users["national"])
    content_type = ContentType.objects.get_for_model(TrainingEvent)
    for ct, pk in [
        (content_type.pk, 999999),
        (content_type.pk, "abc"),
        (content_type.pk, "9" * 30),
        ("abc", world.a1.event.pk),
        ("9" * 30, world.a1.event.pk),
    ]:
        assert client.get(f"/admin/r/{ct}/{pk}/").status_code == 404, (ct, pk)
    assert client.get(_view_on_site(world.b1.event)).status_code == 302  # national: all


def test_view_on_site_needs_a_login(world, db, client):
    response = client.get(_view_on_site(world.a1.event))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
