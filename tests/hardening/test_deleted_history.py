"""Finding 9: the history of a deleted record stays readable to those who could read the record:
national staff and superusers always, a coordinator where its last version was in their scope;
each model's list links to its deleted records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.trainings.factories import AttendanceFactory, ParticipantFactory
from trainings.models import Participant


@pytest.fixture
def deleted(world, db):
    """A participant of regency A1 deleted, after a change (so the history has some)."""
    participant = ParticipantFactory(
        event=world.a1.event, library=world.a1.library, full_name="Peserta Terhapus"
    )
    participant.role = "head"
    participant.save()
    pk = participant.pk
    participant.delete()
    return pk


def _history(pk) -> str:
    return reverse("admin:trainings_participant_history", args=[pk])


@pytest.mark.parametrize("role", ["national", "province", "regency", "viewer"])
def test_the_history_of_a_deleted_record_is_readable_in_scope(world, deleted, client, role):
    client.force_login(world.users[role])
    response = client.get(_history(deleted))
    assert response.status_code == 200
    assert "Peserta Terhapus" in response.content.decode()


def test_a_superuser_reads_it_too(deleted, admin_client):
    assert admin_client.get(_history(deleted)).status_code == 200


def test_another_regions_deleted_record_stays_unknown(world, db, client):
    participant = ParticipantFactory(event=world.b1.event, library=world.b1.library)
    pk = participant.pk
    participant.delete()
    for role in ("province", "regency"):
        client.force_login(world.users[role])
        assert client.get(_history(pk)).status_code == 404
    client.force_login(world.users["noscope"])
    assert client.get(_history(pk)).status_code in {403, 404}


def test_a_never_existing_id_stays_404(world, db, client):
    client.force_login(world.users["national"])
    assert client.get(_history(987654)).status_code == 404


def test_the_list_links_to_the_deleted_records(world, deleted, client):
    client.force_login(world.users["province"])
    changelist = client.get(reverse("admin:trainings_participant_changelist"))
    url = reverse("admin:trainings_participant_deleted")
    assert url in changelist.content.decode()
    listing = client.get(url)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Peserta Terhapus" in html and _history(deleted) in html
    # Not another province's.
    ParticipantFactory(event=world.b1.event, library=world.b1.library, full_name="Luar").delete()
    assert "Luar" not in client.get(url).content.decode()


def test_a_deleted_record_whose_parent_is_gone_still_has_a_readable_history(world, db, client):
    attendance = AttendanceFactory(participant=world.a1.participant, day=world.a1.event.end_date)
    pk = attendance.pk
    Participant.objects.filter(pk=world.a1.participant.pk).first().delete()  # cascades
    client.force_login(world.users["national"])
    response = client.get(reverse("admin:trainings_attendance_history", args=[pk]))
    assert response.status_code == 200
    assert client.get(reverse("admin:trainings_attendance_deleted")).status_code == 200
