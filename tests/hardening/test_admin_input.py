"""Finding 7: the inputs that made the admin answer 500, each answered with a page or a refusal.

(The fuzz test, test_admin_fuzz.py, tries every registered admin; these are the probe's cases.)
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from trainings.models import Participant


@pytest.fixture
def national(world, db, client):
    client.force_login(world.users["national"])
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("object_id", ["abc", "1.5", "_5F", "9" * 30])
def test_history_pages_answer_404_to_an_id_that_cannot_be_one(national, object_id):
    for model in ("participant", "trainingevent", "agendaitem", "attendance"):
        url = f"/admin/trainings/{model}/{object_id}/history/"
        assert national.get(url).status_code == 404, url


def test_history_record_page_answers_404_to_a_version_that_cannot_be_one(world, national):
    pk = world.a1.participant.pk
    for version in ("abc", "1.5", "9" * 30):
        url = f"/admin/trainings/participant/{pk}/history/{version}/"
        assert national.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"province": "5\x001"},
        {"event__cycle__year": "\x00"},
        {"gender__exact": "\x00"},
    ],
)
def test_nul_bytes_in_filters_and_search_are_a_bad_request(national, query):
    response = national.get(reverse("admin:trainings_participant_changelist"), query)
    assert response.status_code == 400


def test_nul_bytes_in_an_autocomplete_term_are_a_bad_request(national):
    response = national.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "trainings",
            "model_name": "participant",
            "field_name": "library",
            "term": "Desa\x00",
        },
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"start_date__year": "9999"},
        {"start_date__year": "99999999999999999999"},
        {"start_date__year": "9999", "start_date__month": "12", "start_date__day": "31"},
        {"start_date__year": "2022", "start_date__month": "13"},
    ],
)
def test_an_impossible_date_hierarchy_is_an_unusable_filter(national, query):
    response = national.get(reverse("admin:trainings_trainingevent_changelist"), query)
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [("trainingevent", "participants"), ("participant", "screenings"), ("program", "cycles")],
)
def test_autocomplete_refuses_a_reverse_relation(world, national, model_name, field_name):
    app = "programs" if model_name == "program" else "trainings"
    response = national.get(
        reverse("admin:autocomplete"),
        {"app_label": app, "model_name": model_name, "field_name": field_name, "term": "a"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("lookup", ["library__exact", "event__exact", "event__id__exact"])
def test_a_number_past_every_column_is_an_unusable_filter(national, lookup):
    response = national.get(reverse("admin:trainings_participant_changelist"), {lookup: "9" * 25})
    assert response.status_code in {200, 302}


def test_a_history_record_page_saves_nothing(world, db, client):
    # Reverting is off, but simple-history's page saved whatever was posted to it, even for a
    # viewer (read-only role): now it is read-only for everyone.
    participant = world.a1.participant
    record = participant.history.first()
    url = reverse(
        "admin:trainings_participant_simple_history", args=[participant.pk, record.history_id]
    )
    for role in ("viewer", "national"):
        client.force_login(world.users[role])
        response = client.post(
            url,
            {
                "event": participant.event_id,
                "full_name": "Diubah lewat riwayat",
                "gender": "L",
                "role": "head",
                "library": participant.library_id,
            },
        )
        assert response.status_code == 403
    assert not Participant.objects.filter(full_name="Diubah lewat riwayat").exists()
