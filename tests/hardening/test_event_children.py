"""Finding 1: what an event owns (its agenda) is written only by those who may change the event.

A province-wide event is read-only for the province's regency coordinators (403 on its page);
its agenda items must be too, on their own admin pages as well as inline.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.trainings.factories import AgendaItemFactory, TrainingEventFactory
from trainings.models import AgendaItem


@pytest.fixture
def province_event(world, db):
    """A province-wide event of province 41 (no regency) with one agenda item."""
    event = TrainingEventFactory(
        cycle=world.cycle,
        organiser=world.organiser,
        province=world.a1.regency.province,
        regency=None,
        slug="bimtek-provinsi-41-agenda",
        title="Bimtek Provinsi 41",
    )
    item = AgendaItemFactory(event=event, topic="Pembukaan")
    return event, item


def _item_post(event, topic: str) -> dict:
    return {
        "event": event.pk,
        "day": event.start_date.isoformat(),
        "start_time": "09:00",
        "end_time": "10:00",
        "topic": topic,
        "speaker": "",
    }


def test_regency_coordinator_cannot_change_a_province_wide_events_agenda_item(
    world, province_event, client
):
    event, item = province_event
    client.force_login(world.users["regency"])
    url = reverse("admin:trainings_agendaitem_change", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200  # they may read it (their people attend)
    assert not page.context["has_change_permission"]
    response = client.post(url, _item_post(event, "Diubah oleh kabupaten"))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.topic == "Pembukaan"


def test_regency_coordinator_cannot_delete_a_province_wide_events_agenda_item(
    world, province_event, client
):
    _event, item = province_event
    client.force_login(world.users["regency"])
    url = reverse("admin:trainings_agendaitem_delete", args=[item.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:trainings_agendaitem_changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )
    assert bulk.status_code in {200, 302, 403}
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_regency_coordinator_cannot_add_an_agenda_item_to_a_province_wide_event(
    world, province_event, client
):
    event, _item = province_event
    client.force_login(world.users["regency"])
    response = client.post(
        reverse("admin:trainings_agendaitem_add"), _item_post(event, "Sesi tambahan")
    )
    assert response.status_code == 200
    assert "event" in response.context["adminform"].form.errors
    assert not AgendaItem.objects.filter(topic="Sesi tambahan").exists()


def test_regency_coordinator_still_edits_their_own_events_agenda(world, db, client):
    event, item = world.a1.event, world.a1.agenda
    client.force_login(world.users["regency"])
    add = client.post(reverse("admin:trainings_agendaitem_add"), _item_post(event, "Sesi baru"))
    assert add.status_code == 302
    change_url = reverse("admin:trainings_agendaitem_change", args=[item.pk])
    page = client.get(change_url)
    data = _item_post(event, "Sesi diubah")
    data["record_version"] = page.context["adminform"].form["record_version"].value()
    assert client.post(change_url, data).status_code == 302
    item.refresh_from_db()
    assert item.topic == "Sesi diubah"
    assert AgendaItem.objects.filter(event=event, topic="Sesi baru").exists()


def test_province_coordinator_changes_a_province_wide_events_agenda(world, province_event, client):
    event, item = province_event
    client.force_login(world.users["province"])
    url = reverse("admin:trainings_agendaitem_change", args=[item.pk])
    assert client.post(url, _item_post(event, "Diubah oleh provinsi")).status_code == 302
    item.refresh_from_db()
    assert item.topic == "Diubah oleh provinsi"
    assert item.day == datetime.date(2022, 3, 14)
