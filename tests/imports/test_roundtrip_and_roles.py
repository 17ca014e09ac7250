"""An exported list imports back exactly (the one formula guard), and roles as offices type them."""

import io

import pytest

from trainings.importing import ERROR, NEW, participants_import
from trainings.importing.normalise import normalise_role
from trainings.models import Participant
from villages.models import VillageLibrary

from .files import HEADER, csv_bytes

pytestmark = pytest.mark.django_db

# What a coordinator may have stored, and what the importer must give back from our CSV.
# Names are trimmed on import (as the admin's forms trim them), so a leading TAB or CR goes;
# the exporters' apostrophe must go too (the importer's old copy of the guard, which knew only
# = + - @, gave "' Ni Luh Sari" for the TAB one).
FORMULA_LIKE_NAMES = {
    "=Budi Santoso": "=Budi Santoso",
    "+Ayu Lestari": "+Ayu Lestari",
    "-Made Sutama": "-Made Sutama",
    "@Ketut Budiasa": "@Ketut Budiasa",
    "\tNi Luh Sari": "Ni Luh Sari",
    "\rI Wayan Darma": "I Wayan Darma",
}


def test_a_csv_export_with_formula_like_names_imports_back_with_the_exact_names(demo, superuser):
    from tests.trainings.factories import ParticipantFactory, TrainingEventFactory
    from trainings.exporters import ParticipantExporter

    def new_event():
        return TrainingEventFactory(
            province=demo.event.province, cycle=demo.event.cycle, organiser=demo.event.organiser
        )

    source, target = new_event(), new_event()
    library = VillageLibrary.objects.get(village_id="51.05.04.2010")
    for name in FORMULA_LIKE_NAMES:
        ParticipantFactory(event=source, library=library, full_name=name)
    out = io.BytesIO()
    ParticipantExporter(user=superuser, filters={"event": source.slug}).write("csv", out)
    assert "'=Budi Santoso" in out.getvalue().decode("utf-8-sig")  # the guard was applied

    report = participants_import(
        event=target, user=superuser, data=out.getvalue(), filename="ekspor.csv", commit=True
    )
    assert report.counts[ERROR] == 0, [r.message_texts for r in report.errors]
    imported = set(Participant.objects.filter(event=target).values_list("full_name", flat=True))
    assert imported == set(FORMULA_LIKE_NAMES.values())


def test_an_unguarded_formula_or_sign_is_still_refused(demo, superuser):
    # Typed in the file without the apostrophe, these are formulas (or phone numbers), not names.
    report = participants_import(
        event=demo.event,
        user=superuser,
        data=csv_bytes(
            [
                HEADER,
                ["=Budi Santoso", "L", "", "51.05.04.2010"],
                ["+Ayu Lestari", "P", "", "51.05.04.2010"],
                ["'+62812345678", "P", "", "51.05.04.2010"],
            ]
        ),
        filename="peserta.csv",
    )
    assert [r.outcome for r in report.rows] == [ERROR, ERROR, ERROR]
    assert "formula" in report.rows[0].message_texts[0]
    assert "is not a name" in report.rows[1].message_texts[0]


@pytest.mark.parametrize(
    "typed, role",
    [
        ("Kepala Perpustakaan Desa", "head"),  # issue 11
        ("Kepala Perpustakaan Desa/Kelurahan", "head"),
        ("KEPALA PERPUSTAKAAN KELURAHAN", "head"),
        ("Ka. Perpus", "head"),
        ("Ka Perpusdes", "head"),
        ("Kepala Perpus", "head"),
        ("Ketua Pengelola Perpustakaan", "head"),
        ("Head of library", "head"),
        ("KepalaPerpustakaan", "head"),
        ("Pengelola Perpustakaan", "librarian"),
        ("Pengelola Perpustakaan Desa", "librarian"),
        ("Staf", "librarian"),
        ("Staff Perpustakaan Desa", "librarian"),
        ("Pustakawan", "librarian"),
        ("Pustakawan/Staf Perpustakaan", "librarian"),
        ("Librarian/library staff", "librarian"),
        ("Perangkat Desa", "village_official"),
        ("Perangkat Desa/Kelurahan", "village_official"),
        ("Aparat Desa", "village_official"),
        ("Kades", "village_official"),
        ("Kepala Desa", "village_official"),
        ("Sekdes", "village_official"),
        ("Lurah", "village_official"),
        ("Relawan", "volunteer"),
        ("Relawan Perpustakaan Desa", "volunteer"),
        ("Volunteer", "volunteer"),
        ("Lain-lain", "other"),
        ("", "librarian"),
    ],
)
def test_roles_are_read_as_offices_type_them(typed, role):
    assert normalise_role(typed) == role


@pytest.mark.parametrize("typed", ["Bendahara", "Kepala Perpustakaan Sinar Ilmu", "Desa"])
def test_an_unknown_role_is_not_guessed(typed):
    assert normalise_role(typed) is None


def test_an_unknown_position_is_kept_as_written_with_role_other_and_a_warning(demo, superuser):
    # Issue 11 changed this: an unknown position used to be a row error; offices write
    # positions every way, so it is now "other", kept as written, with a warning.
    report = participants_import(
        event=demo.event,
        user=superuser,
        data=csv_bytes(
            [
                HEADER,
                ["Ni Luh Sari", "P", "Kepala Perpustakaan Desa", "51.05.04.2010"],
                ["I Made Sutama", "L", "Bendahara", "51.05.04.2010"],
            ]
        ),
        filename="peserta.csv",
    )
    assert report.rows[0].outcome == NEW and report.rows[0].role == "head"
    assert report.rows[1].outcome == NEW
    assert (report.rows[1].role, report.rows[1].position) == ("other", "Bendahara")
    assert report.rows[1].message_texts == [
        "row 3: the position “Bendahara” is not a known role: recorded as “other”, as written."
    ]
