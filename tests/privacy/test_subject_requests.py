"""A person's request: find every record about them, export it, correct it, erase it — each
step on the audit trail, nothing erased surviving in a history row."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from core.privacy import SubjectQuery
from portal.privacy_services import (
    subject_correct,
    subject_erase,
    subject_export,
    subject_query_clean,
    subject_search,
)
from tests.programs.factories import OfficialFactory
from tests.trainings.factories import (
    AttendanceFactory,
    HealthScreeningFactory,
    ParticipantFactory,
    TrainingEventFactory,
)
from tests.villages.factories import VillageLibraryFactory
from trainings.models import Attendance, HealthScreening, Participant
from villages.models import VillageLibrary

from .scan import tables_holding

NAME, PHONE, EMAIL = "Ni Made Ayu Lestari", "+6281234567890", "ayu.lestari@example.org"
OLD_PHONE = "+6281200001111"


@dataclass
class Person:
    on_sheet: Participant
    off_sheet: Participant
    deleted_pk: int
    library: VillageLibrary
    other: Participant


@pytest.fixture
def person(db) -> Person:
    """One person at two events of two libraries (present at one), once deleted, and named as a
    library's manager; and someone else."""
    first = TrainingEventFactory(start_date=datetime.date(2022, 3, 14))
    second = TrainingEventFactory(start_date=datetime.date(2024, 5, 6))
    on_sheet = ParticipantFactory(event=first, full_name=NAME, phone=OLD_PHONE, email=EMAIL)
    on_sheet.phone = PHONE
    on_sheet.save()  # the old phone stays in the history
    AttendanceFactory(participant=on_sheet)
    HealthScreeningFactory(participant=on_sheet)
    off_sheet = ParticipantFactory(event=second, full_name=NAME, phone=PHONE, email=EMAIL.upper())
    HealthScreeningFactory(participant=off_sheet)
    deleted = ParticipantFactory(event=second, full_name="Ayu L.", phone="", email=EMAIL)
    deleted_pk = deleted.pk
    deleted.delete()
    library = VillageLibraryFactory(manager_name=NAME, phone="0812-3456-7890", email="")
    other = ParticipantFactory(event=first, full_name="I Made Sutama")
    return Person(on_sheet, off_sheet, deleted_pk, library, other)


def _keys(findings) -> set[str]:
    return {record.key for record in findings.records}


def test_a_phone_in_any_spelling_finds_every_record_across_events_libraries_and_history(
    person, users
):
    findings = subject_search(user=users["national"], query=SubjectQuery(phone="0812 3456 7890"))

    assert _keys(findings) == {
        f"participant:{person.on_sheet.pk}",
        f"participant:{person.off_sheet.pk}",
        f"library_contact:{person.library.pk}",
    }


def test_an_e_mail_finds_records_whatever_the_case_and_deleted_ones_in_the_history(person, users):
    findings = subject_search(
        user=users["national"], query=SubjectQuery(email="AYU.Lestari@example.org")
    )

    assert _keys(findings) == {
        f"participant:{person.on_sheet.pk}",
        f"participant:{person.off_sheet.pk}",
        f"participant:{person.deleted_pk}",
    }
    deleted = next(r for r in findings.records if r.pk == str(person.deleted_pk))
    assert deleted.deleted and deleted.history


def test_an_old_phone_kept_only_in_the_history_still_finds_the_record(person, users):
    findings = subject_search(user=users["national"], query=SubjectQuery(phone=OLD_PHONE))

    assert _keys(findings) == {f"participant:{person.on_sheet.pk}"}
    assert findings.records[0].matched == ["phone"]


def test_a_name_also_finds_public_records_which_are_never_erasable(person, users):
    OfficialFactory(name="Ni Made Ayu Lestari, S.Sos.")

    findings = subject_search(user=users["national"], query=SubjectQuery(name="made ayu"))

    sources = {record.source for record in findings.records}
    assert sources == {"participant", "library_contact", "official"}
    official = next(r for r in findings.records if r.source == "official")
    assert official.public and not official.correctable
    with pytest.raises(ValidationError):
        subject_erase(user=users["national"], keys=[official.key])


def test_the_search_is_audited_without_what_was_searched_for(person, users):
    subject_search(user=users["national"], query=SubjectQuery(phone=PHONE, name=NAME))

    records = AuditEvent.objects.filter(action="subject_search")
    assert {r.detail["source"] for r in records} == {"participant", "library_contact"}
    for record in records:
        assert record.user == users["national"]
        assert record.detail["criteria"] == ["name", "phone"]
        assert "81234567890" not in json.dumps(record.detail) and "Ayu" not in str(record.detail)


def test_the_export_is_one_json_file_with_everything_held_and_an_audit_record(person, users):
    keys = [f"participant:{person.on_sheet.pk}", f"library_contact:{person.library.pk}"]

    filename, content = subject_export(user=users["national"], keys=keys)

    assert filename.endswith(".json")
    document = json.loads(content)
    assert document["controller"] == "Perpustakaan Nasional Republik Indonesia"
    participant, library = document["records"]
    assert participant["data"]["phone"] == PHONE
    assert participant["data"]["health_screenings"][0]["result"]
    assert participant["data"]["attendance_days"] == [str(person.on_sheet.event.start_date)]
    assert [v["phone"] for v in participant["history"]] == [OLD_PHONE, PHONE]
    assert library["data"]["manager_name"] == NAME
    records = AuditEvent.objects.filter(action="subject_export").order_by("pk")
    assert [(r.detail["source"], r.row_count) for r in records] == [
        ("participant", 1),
        ("library_contact", 1),
    ]
    assert PHONE not in str([r.detail for r in records])


def test_a_correction_changes_the_record_keeps_its_history_and_is_audited(person, users):
    key = f"participant:{person.on_sheet.pk}"

    changed = subject_correct(
        user=users["national"], key=key, changes={"phone": "081299990000", "email": EMAIL}
    )

    person.on_sheet.refresh_from_db()
    assert changed == ["phone"] and person.on_sheet.phone == "+6281299990000"  # one form
    latest = person.on_sheet.history.latest("history_date")
    assert latest.history_change_reason and latest.history_user == users["national"]
    record = AuditEvent.objects.get(action="subject_correct")
    assert record.detail == {"source": "participant", "fields": ["phone"]}
    assert list(record.rows.values_list("object_id", flat=True)) == [str(person.on_sheet.pk)]


def test_a_bad_correction_names_the_field_and_changes_nothing(person, users):
    with pytest.raises(ValidationError) as error:
        subject_correct(
            user=users["national"],
            key=f"participant:{person.on_sheet.pk}",
            changes={"email": "bukan-surel"},
        )
    assert "email" in error.value.message_dict
    person.on_sheet.refresh_from_db()
    assert person.on_sheet.email == EMAIL
    assert not AuditEvent.objects.filter(action="subject_correct").exists()


def test_erasure_keeps_only_the_name_on_the_attendance_sheet_and_nothing_in_any_history(
    person, users
):
    on_sheet, off_sheet = person.on_sheet, person.off_sheet
    LogEntry.objects.create(
        user=users["national"],
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(off_sheet.pk),
        object_repr=NAME,
        action_flag=ADDITION,
    )
    keys = [
        f"participant:{on_sheet.pk}",
        f"participant:{off_sheet.pk}",
        f"participant:{person.deleted_pk}",
        f"library_contact:{person.library.pk}",
    ]

    result = subject_erase(user=users["national"], keys=keys, query=SubjectQuery(phone=PHONE))

    on_sheet.refresh_from_db()
    assert on_sheet.full_name == NAME and (on_sheet.phone, on_sheet.email) == ("", "")
    assert Attendance.objects.filter(participant=on_sheet).count() == 1  # the SPJ record stays
    assert not Participant.objects.filter(pk=off_sheet.pk).exists()
    assert not Participant.history.filter(id__in=[off_sheet.pk, person.deleted_pk]).exists()
    assert not HealthScreening.objects.exists() and not HealthScreening.history.exists()
    person.library.refresh_from_db()
    assert (person.library.manager_name, person.library.phone) == ("", "")
    assert person.library.name  # the library's public profile stays
    for value in ("81234567890", "3456-7890", "81200001111", EMAIL, EMAIL.upper()):
        assert tables_holding(value) == [], value
    assert LogEntry.objects.get().object_repr == "[erased]"
    assert person.other.__class__.objects.filter(pk=person.other.pk, phone__gt="").exists()
    assert result["participant"]["participants_deleted"] == 1
    records = AuditEvent.objects.filter(action="subject_erase").order_by("pk")
    assert [(r.detail["source"], r.row_count) for r in records] == [
        ("participant", 3),
        ("library_contact", 1),
    ]
    assert records[0].detail["counts"]["participants_blanked"] == 1


def test_an_erasure_with_an_unknown_record_writes_nothing(person, users):
    with pytest.raises(ValidationError):
        subject_erase(
            user=users["national"], keys=[f"participant:{person.on_sheet.pk}", "participant:x"]
        )
    person.on_sheet.refresh_from_db()
    assert person.on_sheet.phone == PHONE
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({}, "name"),
        ({"name": "Ay"}, "name"),
        ({"phone": "0812"}, "phone"),
        ({"email": "ayu"}, "email"),
    ],
)
def test_an_unusable_query_is_refused_naming_the_field(given, field):
    with pytest.raises(ValidationError) as error:
        subject_query_clean(**given)
    assert list(error.value.message_dict) == [field]


@pytest.mark.parametrize("role", ["coordinator", "national_viewer", "national_no_health"])
def test_only_a_national_administrator_with_both_permissions_may_handle_requests(
    person, users, role
):
    user = users[role]
    with pytest.raises(PermissionDenied):
        subject_search(user=user, query=SubjectQuery(phone=PHONE))
    with pytest.raises(PermissionDenied):
        subject_export(user=user, keys=[f"participant:{person.on_sheet.pk}"])
    with pytest.raises(PermissionDenied):
        subject_erase(user=user, keys=[f"participant:{person.on_sheet.pk}"])
    assert not AuditEvent.objects.exists()
