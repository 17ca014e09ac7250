"""Issue 11 in the importer: people across events, shared phones, positions as offices write
them, and guests (a library the event is not for)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from tests.imports.files import csv_bytes
from trainings.importing import NEW, participants_import
from trainings.models import Participant, Person, TrainingEvent

HEADER = ["Nama", "Jenis Kelamin", "Jabatan", "Kode Desa", "No. HP"]

pytestmark = pytest.mark.django_db


def _import(event, user, rows, commit=True):
    with translation.override("en"):
        return participants_import(
            event=event,
            user=user,
            data=csv_bytes([HEADER, *rows]),
            filename="peserta.csv",
            commit=commit,
        )


def _second_event(demo) -> TrainingEvent:
    event = demo.event
    return TrainingEvent.objects.create(
        title="Bimtek Lanjutan",
        slug="bimtek-lanjutan",
        cycle=event.cycle,
        organiser=event.organiser,
        province=event.province,
        venue="Aula",
        start_date=datetime.date(2021, 9, 1),
        end_date=datetime.date(2021, 9, 2),
    )


PEOPLE = [
    ["Ni Luh Sari", "P", "Kepala Perpustakaan Desa", "51.05.04.2010", "0812-1111-2222"],
    ["I Made Sutama", "L", "Pustakawan", "51.03.02.2009", ""],
]


def test_reimporting_the_same_people_into_a_second_event_creates_no_second_person(demo, superuser):
    first = _import(demo.event, superuser, PEOPLE)
    people_after_first = Person.objects.count()
    # Spelled differently the second time: the same person by the identity rule.
    second_rows = [["NI LUH  SARI", *PEOPLE[0][1:]], ["i made sutama.", *PEOPLE[1][1:]]]
    second = _import(_second_event(demo), superuser, second_rows)
    assert len(first.created_pks) == len(second.created_pks) == 2
    assert Person.objects.count() == people_after_first
    for pk_first, pk_second in zip(first.created_pks, second.created_pks, strict=True):
        one, two = Participant.objects.filter(pk__in=[pk_first, pk_second])
        assert one.person_id == two.person_id is not None
    assert Person.objects.get(pk=one.person_id).participations.count() == 2


def test_two_different_names_sharing_one_phone_are_both_stored_and_flagged(demo, superuser):
    phone = "0812-7777-8888"
    report = _import(
        demo.event,
        superuser,
        [
            ["Ni Wayan Rai", "P", "Staf", "51.05.04.2010", phone],
            ["I Ketut Rai", "L", "Staf", "51.05.04.2010", phone],
        ],
    )
    assert [r.outcome for r in report.rows] == [NEW, NEW]
    assert len(report.created_pks) == 2
    assert "same phone as row 2" in " ".join(report.rows[1].message_texts)
    people = Participant.objects.filter(pk__in=report.created_pks)
    assert len({p.person_id for p in people}) == 2


TEN_POSITIONS = [
    ("Kepala Perpustakaan Desa", "head"),
    ("Ka. Perpusdes", "head"),
    ("Kepala Perpustakaan", "head"),
    ("Pengelola Perpustakaan Desa", "librarian"),
    ("Staf Perpustakaan", "librarian"),
    ("Pustakawan", "librarian"),
    ("Sekdes", "village_official"),
    ("Kaur Umum", "village_official"),
    ("Relawan Literasi", "volunteer"),
    ("Pegiat Literasi", "volunteer"),
    ("Fasilitator Daerah", "facilitator"),
    ("Kepala Desa", "village_official"),
]


def test_positions_written_ten_real_ways_import_without_row_errors_keeping_the_originals(
    demo, superuser
):
    rows = [
        [f"Peserta Jabatan {i}", "P", position, "51.05.04.2010", ""]
        for i, (position, _role) in enumerate(TEN_POSITIONS)
    ]
    report = _import(demo.event, superuser, rows)
    assert [r.outcome for r in report.rows] == [NEW] * len(TEN_POSITIONS)
    stored = {p.position: p.role for p in Participant.objects.filter(pk__in=report.created_pks)}
    assert stored == dict(TEN_POSITIONS)


def test_a_library_outside_the_regions_served_is_imported_as_a_guest_with_a_warning(
    demo, superuser
):
    # A hurried pick of "Kediri" in Lampung (18.10.02.2013) for a Bali event.
    from villages.models import Village

    if not Village.objects.filter(code="18.10.02.2013").exists():
        pytest.skip("Lampung regions not loaded")
    report = _import(demo.event, superuser, [["Warga Lampung", "P", "Staf", "18.10.02.2013", ""]])
    assert report.rows[0].is_guest and report.rows[0].guest_reason == "outside_region"


def test_a_library_that_is_not_a_beneficiary_is_imported_as_a_guest_with_a_warning(demo, superuser):
    # Penebel's neighbour Tabanan village with no beneficiary row: created on the fly.
    report = participants_import(
        event=demo.event,
        user=superuser,
        data=csv_bytes([HEADER, ["Warga Tamu", "L", "Sekdes", "51.02.05.2006", ""]]),
        filename="peserta.csv",
        create_libraries=True,
        commit=True,
    )
    row = report.rows[0]
    assert row.outcome == NEW and row.is_guest
    assert row.guest_reason == Participant.GuestReason.VILLAGE_OFFICIAL
    participant = Participant.objects.get(pk=report.created_pks[0])
    assert participant.is_guest and participant.guest_reason == "village_official"
