"""The admin's personal-data pages: who may open them, what they do, bounded queries, and no
500 from anything typed."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from core.models import AuditEvent
from tests.trainings.factories import (
    AttendanceFactory,
    HealthScreeningFactory,
    ParticipantFactory,
    TrainingEventFactory,
)
from trainings.models import Participant

RETENTION = reverse("admin:privacy-retention")
SUBJECT = reverse("admin:privacy-subject")
PHONE = "+6281234567890"


def _client(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("coordinator", 403),
        ("national_viewer", 200),
        ("national", 200),
        ("superuser", 200),
    ],
)
def test_the_retention_page_is_for_national_staff(client, users, role, status):
    response = _client(client, users, role).get(RETENTION)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("admin:login"))
    if status == 200:
        html = response.content.decode()
        for key in ("LIBPORTAL_RETAIN_HEALTH_DAYS", "LIBPORTAL_RETAIN_CONTACTS_DAYS"):
            assert key in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("coordinator", 403),
        ("national_viewer", 403),
        ("national_no_health", 403),
        ("national", 200),
        ("superuser", 200),
    ],
)
def test_subject_requests_are_for_national_administrators_only(client, users, role, status):
    client = _client(client, users, role)
    assert client.get(SUBJECT).status_code == status
    response = client.post(SUBJECT, {"action": "search", "phone": PHONE})
    assert response.status_code == status
    if status != 200:
        assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("role", "shown"), [("coordinator", False), ("national", True)])
def test_the_admin_index_offers_the_pages_to_national_staff(client, users, role, shown):
    html = _client(client, users, role).get(reverse("admin:index")).content.decode()
    assert (RETENTION in html) is shown
    assert (SUBJECT in html) is shown


def test_the_retention_page_counts_what_is_past_retention(client, users, settings):
    old = TrainingEventFactory(start_date=datetime.date(2021, 6, 28))
    HealthScreeningFactory(participant__event=old)
    HealthScreeningFactory(participant__event=old, phase="after")
    html = _client(client, users, "national").get(RETENTION).content.decode()
    row = html.split("LIBPORTAL_RETAIN_HEALTH_DAYS")[1].split("</tr>")[0]
    assert "<td>2</td>" in row


@pytest.fixture
def someone(db):
    participant = ParticipantFactory(full_name="Ni Made Ayu Lestari", phone=PHONE)
    AttendanceFactory(participant=participant)
    HealthScreeningFactory(participant=participant)
    return participant


def test_search_export_correct_and_erase_through_the_pages(client, users, someone):
    client = _client(client, users, "national")
    key = f"participant:{someone.pk}"

    found = client.post(SUBJECT, {"action": "search", "phone": "0812-3456-7890"})
    assert f'value="{key}"' in found.content.decode()

    exported = client.post(SUBJECT, {"action": "export", "record": [key], "phone": PHONE})
    assert exported["Content-Disposition"].startswith("attachment;")
    assert json.loads(exported.content)["records"][0]["data"]["phone"] == PHONE

    correct_url = reverse("admin:privacy-subject-correct", args=[key])
    assert client.get(correct_url).status_code == 200
    corrected = client.post(
        correct_url, {"full_name": "Ni Made Ayu Lestari", "phone": "081211110000", "email": ""}
    )
    assert corrected.status_code == 302
    someone.refresh_from_db()
    assert someone.phone == "+6281211110000"  # stored in the one form (issue 16)

    confirm = client.post(SUBJECT, {"action": "erase", "record": [key]})
    assert "erase_confirm" in confirm.content.decode()
    someone.refresh_from_db()
    assert someone.phone  # nothing erased before the confirmation
    done = client.post(SUBJECT, {"action": "erase_confirm", "record": [key]}, follow=True)
    assert done.status_code == 200
    someone.refresh_from_db()
    assert someone.phone == "" and someone.full_name == "Ni Made Ayu Lestari"
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["subject_search", "subject_export", "subject_correct", "subject_erase"]


def test_a_bad_correction_shows_the_field_error(client, users, someone):
    url = reverse("admin:privacy-subject-correct", args=[f"participant:{someone.pk}"])
    response = _client(client, users, "national").post(
        url, {"full_name": "", "phone": "", "email": "bukan-surel"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"full_name", "email"}


@pytest.mark.parametrize(
    "hostile",
    [
        "participant:abc",
        "nosuch:1",
        "participant:",
        ":",
        "participant:1\x00",
        "x" * 5000,
        "participant:99999999999999999999999",
    ],
)
def test_hostile_record_keys_get_a_message_or_404_never_a_500(client, users, someone, hostile):
    client = _client(client, users, "national")
    for action in ("export", "erase", "erase_confirm"):
        response = client.post(SUBJECT, {"action": action, "record": [hostile]})
        assert response.status_code == 200, action
    if "\x00" not in hostile and "/" not in hostile:
        url = reverse("admin:privacy-subject-correct", args=[hostile]) if hostile != ":" else None
        if url and len(hostile) < 100:
            assert client.get(url).status_code == 404
    someone.refresh_from_db()
    assert someone.phone == PHONE


def test_hostile_search_values_get_field_errors(client, users):
    response = _client(client, users, "national").post(
        SUBJECT, {"action": "search", "name": "a\x00b", "phone": "9" * 500, "email": "@"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("page", ["retention", "search"])
def test_the_pages_run_the_same_queries_for_one_person_or_many(
    client, users, django_assert_max_num_queries, page
):
    client = _client(client, users, "national")
    event = TrainingEventFactory(start_date=datetime.date(2021, 6, 28))

    def load():
        if page == "retention":
            return client.get(RETENTION)
        return client.post(SUBJECT, {"action": "search", "name": "Peserta Sama"})

    ParticipantFactory(event=event, full_name="Peserta Sama")
    load()  # warm caches (content types, sessions)
    with django_assert_max_num_queries(40) as small:
        assert load().status_code == 200
    for _ in range(30):
        person = ParticipantFactory(event=event, full_name="Peserta Sama")
        HealthScreeningFactory(participant=person)
        AttendanceFactory(participant=person)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = load()
    assert response.status_code == 200
    assert Participant.objects.count() == 31
