"""Finding 6: without the health permission, nothing tells who was screened: no changelist
lookup reaches a health model, and a participant's delete page neither lists nor needs their
screenings (a service deletes them with the participant)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trainings.models import HealthScreening, Participant
from trainings.services import participant_delete


@pytest.fixture
def coordinator_without_health(make_user):
    return make_user("koord-41-tanpa-kesehatan", level="province", code="41")


def test_who_was_screened_cannot_be_listed_without_the_permission(
    world, db, client, coordinator_without_health
):
    url = reverse("admin:trainings_participant_changelist")
    client.force_login(coordinator_without_health)
    assert client.get(url, {"screenings__isnull": "False"}).status_code == 400
    # With the permission it is an ordinary filter.
    client.force_login(world.users["province"])
    response = client.get(url, {"screenings__isnull": "False"})
    assert response.status_code == 200 and response.context["cl"].result_count == 2


@pytest.mark.parametrize(
    ("changelist", "lookup"),
    [
        ("admin:trainings_participant_changelist", "screenings__isnull"),
        ("admin:trainings_participant_changelist", "screenings__result"),
        ("admin:trainings_participant_changelist", "screenings__result__in"),
        ("admin:trainings_participant_changelist", "screenings__id__exact"),
        ("admin:trainings_attendance_changelist", "participant__screenings__result"),
        ("admin:trainings_trainingevent_changelist", "participants__screenings__isnull"),
        ("admin:villages_villagelibrary_changelist", "participants__screenings__phase"),
    ],
)
def test_no_lookup_reaches_health_data_without_the_permission(
    world, db, client, coordinator_without_health, changelist, lookup
):
    client.force_login(coordinator_without_health)
    assert client.get(reverse(changelist), {lookup: "False"}).status_code == 400


def test_delete_page_names_no_screening_and_lets_the_coordinator_delete(
    world, db, client, coordinator_without_health
):
    participant = world.a1.participant
    assert HealthScreening.objects.filter(participant=participant).exists()
    client.force_login(coordinator_without_health)
    url = reverse("admin:trainings_participant_delete", args=[participant.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode().lower()
    assert "pemeriksaan kesehatan" not in html and "antigen" not in html
    assert not page.context["perms_lacking"]
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert not HealthScreening.objects.filter(participant_id=participant.pk).exists()
    # The deletions are on the record.
    assert HealthScreening.history.filter(participant_id=participant.pk, history_type="-").exists()


def test_bulk_delete_of_participants_also_needs_no_health_permission(
    world, db, client, coordinator_without_health
):
    participant = world.a1.participant
    client.force_login(coordinator_without_health)
    url = reverse("admin:trainings_participant_changelist")
    data = {"action": "delete_selected", "_selected_action": [participant.pk]}
    confirm = client.post(url, data)
    assert confirm.status_code == 200 and not confirm.context["perms_lacking"]
    assert "pemeriksaan kesehatan" not in confirm.content.decode().lower()
    assert client.post(url, {**data, "post": "yes"}).status_code == 302
    assert not HealthScreening.objects.filter(participant_id=participant.pk).exists()


def test_a_coordinator_with_the_permission_sees_the_screenings_on_the_delete_page(
    world, db, client
):
    client.force_login(world.users["province"])
    page = client.get(reverse("admin:trainings_participant_delete", args=[world.a1.participant.pk]))
    assert "pemeriksaan kesehatan" in page.content.decode().lower()


def test_participant_delete_refuses_a_participant_outside_the_users_scope(world, db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        participant_delete(participant=world.b1.participant, user=world.users["province"])
    assert Participant.objects.filter(pk=world.b1.participant.pk).exists()
