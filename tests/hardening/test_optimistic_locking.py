"""Finding 5: a save from a form opened on an older version of the record is refused, with a
message naming who changed what since; nothing is reverted silently."""

from __future__ import annotations

from django.urls import reverse

from trainings.models import Participant, TrainingEvent

from .conftest import form_data


def _open(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response)


def test_the_second_save_from_an_older_form_is_refused_and_names_the_change(world, db, client):
    participant = world.a1.participant
    url = reverse("admin:trainings_participant_change", args=[participant.pk])
    national, province = world.users["national"], world.users["province"]
    national.first_name, national.last_name = "Sari", "Nasional"
    national.save()

    client.force_login(province)
    older = _open(client, url)  # the province coordinator opens the participant…
    client.force_login(national)
    first = _open(client, url)  # …so does a national administrator, who corrects the name
    first["full_name"] = "Ni Luh Putu Ayu"
    assert client.post(url, first).status_code == 302

    client.force_login(province)
    older["role"] = "head"  # the coordinator's own edit, from the older form
    response = client.post(url, older)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Sari Nasional" in errors and "nama lengkap" in errors  # who, and which field
    participant.refresh_from_db()
    assert participant.full_name == "Ni Luh Putu Ayu"  # the correction is kept
    assert participant.role == "librarian"
    # Opened again, the form saves.
    fresh = _open(client, url)
    fresh["role"] = "head"
    assert client.post(url, fresh).status_code == 302
    participant.refresh_from_db()
    assert (participant.full_name, participant.role) == ("Ni Luh Putu Ayu", "head")


def test_the_message_does_not_name_a_field_the_user_may_not_see(world, db, client, make_user):
    participant = world.a1.participant
    url = reverse("admin:trainings_participant_change", args=[participant.pk])
    # A province coordinator without the contacts permission opens the participant…
    client.force_login(make_user("koord-41-tanpa-kontak", level="province", code="41"))
    older = _open(client, url)
    assert "phone" not in older
    # …meanwhile someone changes only the phone number.
    changed = Participant.objects.get(pk=participant.pk)
    changed.phone = "+6281200000000"
    changed.save()
    response = client.post(url, older)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert errors
    assert "telepon" not in errors.lower() and "+62812" not in errors


def test_an_event_form_with_fieldsets_is_versioned_too(world, db, client):
    event = world.a1.event
    url = reverse("admin:trainings_trainingevent_change", args=[event.pk])
    client.force_login(world.users["province"])
    older = _open(client, url)
    assert older["record_version"]
    TrainingEvent.objects.get(pk=event.pk).save()
    older["venue"] = "Aula Baru"
    response = client.post(url, older)
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.venue != "Aula Baru"


def test_a_read_only_page_carries_no_version_field(world, db, client):
    client.force_login(world.users["viewer"])
    url = reverse("admin:trainings_participant_change", args=[world.a1.participant.pk])
    assert "record_version" not in client.get(url).content.decode()
