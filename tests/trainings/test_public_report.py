"""Issue 11 on the public event report: beneficiary libraries and guests counted apart, the
meeting link never public, and a draft previewed by staff who may see the event (404 for
everyone else)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.scoping_world import world_fixture  # noqa: F401 (the `world` fixture)
from tests.trainings.factories import ParticipantFactory, TrainingEventFactory
from trainings.models import Participant, TrainingEvent
from trainings.selectors import event_report_get


def _event(world, **extra):
    event = TrainingEventFactory(
        cycle=world.cycle,
        organiser=world.organiser,
        province=world.a1.regency.province,
        title="Bimtek Uji Publik",
        slug="bimtek-uji-publik",
        mode=TrainingEvent.Mode.HYBRID,
        meeting_link="https://meet.example.org/rahasia",
        **extra,
    )
    event.served_provinces.set(["41", "42"])
    ParticipantFactory(event=event, library=world.a1.library, full_name="Peserta Satu")
    ParticipantFactory(
        event=event,
        library=world.a2.library,
        full_name="Tamu Dua",
        is_guest=True,
        guest_reason=Participant.GuestReason.VILLAGE_OFFICIAL,
    )
    return event


def test_public_report_counts_beneficiary_libraries_and_guests_apart(world, db, client):
    event = _event(world)
    report = event_report_get(slug=event.slug)
    assert report.library_count == 1 and report.guests == 1 and report.participants == 2
    with translation.override("en"):
        html = client.get(event.get_absolute_url()).content.decode()
    assert "from 1 village library" in html and "1 guest" in html
    assert "meet.example.org" not in html  # the meeting link is for staff only
    assert "For the regions</dt><dd>Provinsi Uji A, Provinsi Uji B</dd>" in html
    assert "Tamu Dua" not in html


def test_a_draft_is_404_for_the_public_and_for_staff_of_another_region(world, db, client):
    event = _event(world, status=TrainingEvent.Status.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(world.users["noscope"])
    assert client.get(event.get_absolute_url()).status_code == 404
    outsider = world.users["province"]
    event.province = world.b1.regency.province
    event.save()
    event.served_provinces.set(["42"])  # held in and serving province 42 only
    client.force_login(outsider)
    assert client.get(event.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["national", "province", "regency", "viewer"])
def test_a_draft_previews_for_staff_who_may_see_the_event_marked_and_not_indexed(
    world, db, client, who
):
    event = _event(world, status=TrainingEvent.Status.DRAFT)
    client.force_login(world.users[who])
    with translation.override("en"):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "draft-notice" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_a_published_report_is_indexed_and_says_nothing_of_drafts(world, db, client):
    event = _event(world)
    response = client.get(event.get_absolute_url())
    assert "noindex" not in response.content.decode() and "X-Robots-Tag" not in response
