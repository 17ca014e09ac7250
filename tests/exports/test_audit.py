"""Every export is on the audit trail: who, which list, which columns and filters, how many rows
(issue 17, finding 11). One test per entry point: the staff page, the admin action, the command.

Decision: every export by staff is recorded, not only those with contact or health columns.
Participant names and their villages are personal data too (UU PDP), the question after a leak
is "who pulled which list", and a record costs one INSERT per export. An export that wrote no
row leaves no record; the public open-data CSV none either (tests/public).
"""

import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from core.models import AuditEvent
from core.system import system_user
from programs.models import Beneficiary
from tests.programs.factories import BeneficiaryFactory
from trainings.exporters import ParticipantExporter
from trainings.models import Participant

from .data import NAMES, build_world

STAFF_URL = "/staff/ekspor/"
EVENT_ROWS = len(NAMES) + 2  # the event's participants in build_world


@pytest.fixture
def world(db):
    return build_world()


def download(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def data_lines(data: bytes) -> int:
    import csv

    return len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))) - 1


def the_record() -> AuditEvent:
    return AuditEvent.objects.get(action="export")


def assert_no_personal_data(record: AuditEvent, world) -> None:
    text = json.dumps(record.detail, ensure_ascii=False)
    for person in [*world["people_a1"], world["person_a2"], world["person_b"]]:
        for secret in (person.full_name, person.phone, person.email):
            if secret and len(secret) > 3:
                assert secret not in text


def test_staff_page_export_with_contacts_is_recorded_with_user_list_filters_columns_and_rows(
    client, world, make_staff
):
    user = make_staff("kontak", level="province", province="40", contacts=True)
    client.force_login(user)
    response = client.get(
        STAFF_URL,
        {
            "kind": "participants",
            "format": "csv",
            "event": "bimtek-uji",
            "province": "40",
            "columns": ["name", "phone", "email"],
        },
    )
    assert response.status_code == 200
    # Written before the first byte of the streamed file leaves.
    record = the_record()
    rows = data_lines(download(response))
    assert rows == EVENT_ROWS - 1  # province 41's participant is out of scope
    assert (record.user, record.action, record.row_count) == (user, "export", rows)
    assert record.content_type == ContentType.objects.get_for_model(Participant)
    assert record.detail["list"] == "peserta"
    assert record.detail["columns"] == ["name", "phone", "email"]
    assert record.detail["filters"] == {"event": "bimtek-uji", "province": "40"}
    assert record.detail["format"] == "csv" and record.detail["username"] == "kontak"
    assert_no_personal_data(record, world)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_staff_page_xlsx_and_pdf_are_recorded_with_the_rows_written(client, world, make_staff, fmt):
    user = make_staff("nat", level="national")
    client.force_login(user)
    response = client.get(STAFF_URL, {"kind": "participants", "format": fmt, "event": "bimtek-uji"})
    assert response.status_code == 200
    record = the_record()
    assert (record.user, record.row_count, record.detail["format"]) == (user, EVENT_ROWS, fmt)


def test_admin_action_export_is_recorded_as_a_selection(admin_client, superuser, world):
    chosen = [p.pk for p in world["people_a1"][:3]]
    response = admin_client.post(
        reverse("admin:trainings_participant_changelist"),
        {"action": "export_peserta_xlsx", "_selected_action": [str(pk) for pk in chosen]},
    )
    assert response.status_code == 200 and download(response)[:2] == b"PK"
    record = the_record()
    assert (record.user, record.action, record.row_count) == (superuser, "export", 3)
    assert record.detail["list"] == "peserta" and record.detail["selection"] is True
    assert "phone" in record.detail["columns"]  # a superuser's default columns include contacts
    assert record.detail["format"] == "xlsx"
    assert_no_personal_data(record, world)


def test_command_export_with_health_results_is_recorded_as_the_system_user(world, tmp_path):
    target = tmp_path / "peserta.csv"
    call_command(
        "export_participants",
        "--event",
        "bimtek-uji",
        "--columns",
        "name,test_before,test_after",
        "--format",
        "csv",
        "--output",
        str(target),
    )
    record = the_record()
    assert data_lines(target.read_bytes()) == EVENT_ROWS
    assert (record.user, record.row_count) == (system_user(), EVENT_ROWS)
    assert record.detail["columns"] == ["name", "test_before", "test_after"]
    assert record.detail["filters"] == {"event": "bimtek-uji"}
    assert_no_personal_data(record, world)


def test_command_as_a_user_is_recorded_as_that_user(world, tmp_path, make_staff):
    user = make_staff("kab", level="regency", regency="40.10")
    call_command(
        "export_participants", "--user", "kab", "--format", "xlsx", "--output", str(tmp_path / "x")
    )
    record = the_record()
    assert (record.user, record.row_count) == (user, len(NAMES))


def test_an_export_without_contact_or_health_columns_is_recorded_too(world, tmp_path):
    BeneficiaryFactory(cycle=world["cycle"], library=world["person_b"].library)
    call_command(
        "export_beneficiaries", "--format", "csv-semicolon", "--output", str(tmp_path / "b.csv")
    )
    record = the_record()
    assert record.content_type == ContentType.objects.get_for_model(Beneficiary)
    assert record.detail["list"] == "penerima-manfaat" and record.row_count == 1
    assert not {"phone", "email", "test_before"} & set(record.detail["columns"])


def test_an_export_that_wrote_no_row_or_was_refused_leaves_no_record(world, make_staff, client):
    nobody = make_staff("noscope", level=None)
    out = io.BytesIO()
    ParticipantExporter(user=nobody).write("csv", out)  # fails closed: the header only
    assert data_lines(out.getvalue()) == 0
    client.force_login(make_staff("nat", level="national"))
    refused = client.get(STAFF_URL, {"kind": "participants", "format": "docx"})
    assert refused.status_code == 400
    assert not AuditEvent.objects.exists()


def test_records_are_listed_for_national_administrators_only(client, world, make_staff):
    ParticipantExporter(user=system_user(), columns=["name"]).write("csv", io.BytesIO())
    national = make_staff("nasional", level="national")
    national.is_superuser = True  # the audit admin is for national administrators
    national.save()
    client.force_login(national)
    page = client.get(reverse("admin:core_auditevent_changelist"))
    assert page.status_code == 200 and "export" in page.content.decode()
    client.force_login(make_staff("prov", level="province", province="40"))
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 403
