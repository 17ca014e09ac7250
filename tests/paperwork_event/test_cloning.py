"""Copy as new event (trainings/cloning.py and its admin form): next year's Bimtek as a draft
with the agenda moved to the new dates, nothing of what happened, audited, and only for who
may change the source and create events."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.models import AuditEvent
from trainings.cloning import event_clone
from trainings.models import AgendaItem, TrainingEvent

NEW_START = datetime.date(2022, 6, 27)


def test_the_clone_is_a_draft_with_the_agenda_moved_and_no_participants(demo, superuser):
    source = demo.event
    clone = event_clone(event=source, user=superuser, start_date=NEW_START)

    assert clone.status == TrainingEvent.Status.DRAFT
    assert (clone.start_date, clone.end_date) == (NEW_START, datetime.date(2022, 7, 1))
    assert clone.slug != source.slug and clone.slug.endswith("2022")
    for name in (
        "organiser_id",
        "host_id",
        "province_id",
        "opened_by_id",
        "closed_by_id",
        "closed_by_representative_id",
        "learning_goals",
        "learning_goals_en",
        "health_protocol",
        "health_protocol_en",
        "requires_negative_test",
        "kind",
        "level",
        "mode",
        "venue",
        "hours",
        "signing_official_id",
    ):
        assert getattr(clone, name) == getattr(source, name), name
    assert list(clone.served_provinces.all()) == list(source.served_provinces.all())
    assert clone.participants.count() == 0
    assert (clone.report, clone.summary, clone.invitation_number) == ("", "", "")

    old = [
        (i.day - source.start_date, i.start_time, i.topic, i.speaker) for i in source.agenda.all()
    ]
    new = [(i.day - clone.start_date, i.start_time, i.topic, i.speaker) for i in clone.agenda.all()]
    assert new == old and len(new) == 7
    assert all(clone.start_date <= i.day <= clone.end_date for i in clone.agenda.all())

    record = AuditEvent.objects.get(action="clone")
    assert record.detail == {"source": source.slug, "agenda_items": 7}
    assert [r.object_id for r in record.rows.all()] == [str(clone.pk)]


def test_a_year_in_the_title_moves_with_the_dates(demo, superuser):
    demo.event.title = "Bimtek TPBIS Bali 2021"
    demo.event.save()
    clone = event_clone(event=demo.event, user=superuser, start_date=NEW_START)
    assert clone.title == "Bimtek TPBIS Bali 2022"
    again = event_clone(event=demo.event, user=superuser, start_date=NEW_START)
    assert again.slug != clone.slug


def test_agenda_times_are_kept(demo, superuser):
    item = demo.event.agenda.first()
    item.start_time, item.end_time = datetime.time(8, 0), datetime.time(9, 30)
    item.save()
    clone = event_clone(event=demo.event, user=superuser, start_date=NEW_START)
    moved = AgendaItem.objects.get(event=clone, topic=item.topic)
    assert (moved.day, moved.start_time, moved.end_time) == (
        NEW_START,
        datetime.time(8, 0),
        datetime.time(9, 30),
    )


@pytest.mark.parametrize(
    "level, code, role",
    [
        ("regency", "51.03", "coordinator"),
        ("province", "32", "coordinator"),
        ("national", "", "viewer"),
    ],
    ids=["regency-of-a-province-event", "other-province", "viewer"],
)
def test_only_who_may_change_the_source_and_create_events_may_clone(
    demo, make_staff, client, level, code, role
):
    user = make_staff("someone", level=level, code=code, role=role)
    with pytest.raises(PermissionDenied):
        event_clone(event=demo.event, user=user, start_date=NEW_START)
    client.force_login(user)
    url = reverse("admin:trainings_trainingevent_clone", args=[demo.event.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"start_date": "2022-06-27"}).status_code in (403, 404)
    assert TrainingEvent.objects.count() == 2  # the demo's two events, nothing copied


def test_a_province_coordinator_clones_from_the_admin_form(demo, make_staff, client):
    bali = make_staff("bali", level="province", code="51")
    client.force_login(bali)
    url = reverse("admin:trainings_trainingevent_clone", args=[demo.event.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'type="date"' in page.content

    bad = client.post(url, {"start_date": "31/02/2022"})
    assert bad.status_code == 200 and TrainingEvent.objects.count() == 2

    response = client.post(url, {"start_date": "27/06/2022", "title": "Bimtek TIK Bali 2022"})
    clone = TrainingEvent.objects.get(title="Bimtek TIK Bali 2022")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:trainings_trainingevent_change", args=[clone.pk])
    assert clone.start_date == NEW_START and clone.status == TrainingEvent.Status.DRAFT
