"""The participant importer: normalising, finding the library, duplicates, scope, commit."""

import io

import pytest
from django.core.management import call_command

from core.models import AuditEvent
from trainings.importing import (
    DUPLICATE,
    ERROR,
    NEW,
    UPDATE,
    ImportRefused,
    participants_import,
)
from trainings.importing.normalise import (
    normalise_email,
    normalise_gender,
    normalise_name,
    normalise_phone,
    normalise_role,
    place_key,
)
from trainings.models import Participant
from villages.models import UserScope, VillageLibrary

from .files import HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("I GUSTI NGURAH OKA", "I Gusti Ngurah Oka"),
        ("ni luh putu sriani", "Ni Luh Putu Sriani"),
        ("  Ni Made   Ayu Lestari ", "Ni Made Ayu Lestari"),
        ("I Gusti Ngurah Oka", "I Gusti Ngurah Oka"),
        ("Ida Bagus McLeod", "Ida Bagus McLeod"),  # mixed case is deliberate: left alone
        ("A.A. NGURAH RAI-PUTRA", "A.A. Ngurah Rai-Putra"),
        ("ma'ruf amin, s.pd.", "Ma'ruf Amin, S.Pd."),
    ],
)
def test_names_are_trimmed_and_recased_only_when_all_upper_or_all_lower(typed, stored):
    assert normalise_name(typed) == stored


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("81234567890", "+6281234567890"),  # Excel dropped the leading zero
        ("(0361) 123456", "+62361123456"),
        ("", ""),
        ("0812-ABC-7777", None),
        ("+1 212 555 0100", None),
        ("123", None),
    ],
)
def test_phones_are_written_in_plus_62_form(typed, stored):
    assert normalise_phone(typed) == stored


def test_gender_role_email_and_place_words():
    assert [
        normalise_gender(g)
        for g in ("L", "p", "Laki-laki", "PEREMPUAN", "M", "F", "Male", "female", "X")
    ] == [
        "L",
        "P",
        "L",
        "P",
        "L",
        "P",
        "L",
        "P",
        None,
    ]
    assert normalise_role("Kepala Perpustakaan") == "head"
    assert normalise_role("Pustakawan/Staf Perpustakaan") == "librarian"  # as the exports write it
    assert normalise_role("Kepala Desa") == "village_official"
    assert normalise_role("") == "librarian"
    assert normalise_role("Bendahara") is None
    assert normalise_email(" Ngurah.Oka@Example.ORG ") == "ngurah.oka@example.org"
    assert normalise_email("ayu@example") is None
    assert (
        place_key("Kab. Badung", "regency") == place_key("KABUPATEN BADUNG", "regency") == "badung"
    )
    assert place_key("Kec. Kuta Selatan", "district") == "kuta selatan"
    assert place_key("Desa Delod Peken", "village") == place_key(
        "Perpustakaan Desa Delod Peken", "village"
    )


def rows(*data):
    return csv_bytes([HEADER, *data])


def run(demo, data, user, **kwargs):
    return participants_import(
        event=demo.event, user=user, data=data, filename="peserta.csv", **kwargs
    )


def test_preview_writes_nothing_and_says_what_each_row_would_do(demo, superuser):
    before = Participant.objects.count()
    report = run(
        demo,
        rows(
            [
                "I GUSTI NGURAH OKA",
                "L",
                "Kepala",
                "",
                "Desa Mengwi",
                "Kec. Mengwi",
                "Kab. Badung",
                "0812-3456-7890",
                "",
            ],
            ["i gusti ngurah oka", "L", "", "", "Mengwi", "", "Badung", "", ""],
            ["Ni Wayan Darmini", "P", "", "", "Kutuh", "", "", "", ""],
            ["Ketut Budiasa", "M", "Staf", "51.05.04.2002", "", "", "", "0812-ABC-7777", ""],
        ),
        superuser,
    )
    assert Participant.objects.count() == before
    assert [r.outcome for r in report.rows] == [NEW, DUPLICATE, ERROR, ERROR]
    assert report.counts == {NEW: 1, UPDATE: 0, DUPLICATE: 1, ERROR: 2}
    assert report.rows[0].full_name == "I Gusti Ngurah Oka"
    assert report.rows[0].village_code == "51.03.02.2009"
    assert "repeats row 2" in report.rows[1].message_texts[0]
    # Two villages called Kutuh in Bali: the message names both with their codes.
    kutuh = report.rows[2].message_texts[0]
    assert (
        kutuh.startswith("row 4, column Desa:")
        and "51.03.05.2003" in kutuh
        and "51.06.04.2044" in kutuh
    )
    assert report.rows[3].message_texts == [
        "row 5, column No. HP: “0812-ABC-7777” is not an Indonesian phone number."
    ]


def test_commit_writes_valid_rows_once_with_an_audit_record_and_a_repeat_changes_nothing(
    demo, superuser
):
    data = rows(
        [
            "I GUSTI NGURAH OKA",
            "L",
            "Kepala",
            "51.03.02.2009",
            "",
            "",
            "",
            "0812-3456-7890",
            "Oka@Example.org",
        ],
        ["Ni Luh Putu Sriani", "P", "", "51.03.05.2003", "", "", "", "", ""],
        ["Tanpa Jenis Kelamin", "", "", "51.03.05.2003", "", "", "", "", ""],
    )
    before = Participant.objects.count()
    report = run(demo, data, superuser, commit=True)
    assert report.committed and len(report.created_pks) == 2
    assert Participant.objects.count() == before + 2
    oka = Participant.objects.get(
        full_name="I Gusti Ngurah Oka", library__village_id="51.03.02.2009"
    )
    assert (oka.phone, oka.email, oka.role, oka.library.village_id) == (
        "+6281234567890",
        "oka@example.org",
        "head",
        "51.03.02.2009",
    )
    assert oka.history.count() == 1
    audit = AuditEvent.objects.get(pk=report.audit_id)
    assert audit.action == "import" and audit.user == superuser and audit.row_count == 2
    assert audit.detail["sha256"] == report.sha256 and audit.detail["counts"][ERROR] == 1
    assert set(audit.rows.values_list("object_id", flat=True)) == {
        str(pk) for pk in report.created_pks
    }

    again = run(demo, data, superuser, commit=True)
    assert again.counts[NEW] == 0 and again.counts[UPDATE] == 0
    assert not again.committed
    assert Participant.objects.count() == before + 2


def test_a_known_person_with_new_details_is_updated_not_doubled(demo, superuser):
    existing = Participant.objects.filter(event=demo.event).select_related("library").first()
    data = rows(
        [
            existing.full_name.upper(),
            existing.gender,
            "",
            existing.library.village_id,
            "",
            "",
            "",
            "0813 9999 0001",
            "",
        ]
    )
    report = run(demo, data, superuser, commit=True)
    assert report.rows[0].outcome == UPDATE
    existing.refresh_from_db()
    assert existing.phone == "+6281399990001"
    assert existing.full_name != existing.full_name.upper()  # the name is not rewritten


def test_same_phone_as_another_participant_is_another_person_with_a_warning(demo, superuser):
    # Issue 11: families share a phone; a second person with it was silently dropped.
    existing = Participant.objects.filter(event=demo.event).exclude(phone="").first()
    report = run(
        demo,
        rows(["Orang Lain", "L", "", "51.05.04.2010", "", "", "", existing.phone, ""]),
        superuser,
        commit=True,
    )
    assert report.rows[0].outcome == NEW
    assert existing.full_name in report.rows[0].message_texts[0]
    assert "same phone" in report.rows[0].message_texts[0]
    assert Participant.objects.get(event=demo.event, full_name="Orang Lain").phone == existing.phone


def test_a_family_sharing_one_phone_in_one_file_is_imported_in_full(demo, superuser):
    phone = "0812-4444-0001"
    report = run(
        demo,
        rows(
            ["I Wayan Keluarga", "L", "", "51.05.04.2010", "", "", "", phone, ""],
            ["Ni Made Keluarga", "P", "", "51.05.04.2010", "", "", "", phone, ""],
            ["I Wayan Keluarga", "L", "", "51.05.04.2010", "", "", "", phone, ""],
        ),
        superuser,
        commit=True,
    )
    assert [r.outcome for r in report.rows] == [NEW, NEW, DUPLICATE]
    assert report.rows[1].message_texts == [
        "row 3: has the same phone as row 2 (a shared phone, e.g. a family's)."
    ]
    assert "repeats row 2" in report.rows[2].message_texts[0]
    assert len(report.created_pks) == 2


def test_strict_mode_writes_nothing_when_any_row_errs(demo, superuser):
    before = Participant.objects.count()
    audits_before = AuditEvent.objects.count()  # the demo's own loads are audited
    report = run(
        demo,
        rows(
            ["Ni Made Ayu Lestari", "P", "", "51.03.02.2008", "", "", "", "", ""],
            ["Salah Gender", "X", "", "51.03.02.2008", "", "", "", "", ""],
        ),
        superuser,
        commit=True,
        strict=True,
    )
    assert not report.committed and report.counts[ERROR] == 1
    assert Participant.objects.count() == before
    assert AuditEvent.objects.count() == audits_before


def test_a_village_without_a_library_is_created_only_when_asked(demo, superuser):
    data = rows(["Ni Wayan Suciani", "P", "", "", "Desa Tua", "Marga", "Kabupaten Tabanan", "", ""])
    refused = run(demo, data, superuser, commit=True)
    assert refused.rows[0].outcome == ERROR and "51.02.07.2011" in refused.rows[0].message_texts[0]
    assert not VillageLibrary.objects.filter(village_id="51.02.07.2011").exists()
    created = run(demo, data, superuser, commit=True, create_libraries=True)
    assert created.rows[0].outcome == NEW and created.committed
    library = VillageLibrary.objects.get(village_id="51.02.07.2011")
    assert Participant.objects.get(full_name="Ni Wayan Suciani").library == library


def test_formulas_and_dangerous_names_are_row_errors_in_xlsx_and_csv(demo, superuser):
    for data in (
        xlsx_bytes([HEADER, ['=HYPERLINK("http://x","klik")', "L", "", "51.03.02.2009"]]),
        csv_bytes(
            [HEADER, ["=1+2", "L", "", "51.03.02.2009"], ["@SUM(A1)", "L", "", "51.03.02.2009"]]
        ),
    ):
        report = run(demo, data, superuser, commit=True)
        assert {r.outcome for r in report.rows} == {ERROR}
        assert not report.committed


def _regency_coordinator(django_user_model, regency="51.05"):
    user = django_user_model.objects.create_user(
        "klungkung", password="x-Password-123", is_staff=True
    )
    UserScope.objects.create(
        user=user, level=UserScope.Level.REGENCY, province_id=regency[:2], regency_id=regency
    )
    return user


def test_rows_for_libraries_outside_the_coordinators_region_are_row_errors(demo, django_user_model):
    user = _regency_coordinator(django_user_model)
    report = run(
        demo,
        rows(
            [
                "Ni Nengah Sukerti",
                "P",
                "",
                "51.05.04.2010",
                "",
                "",
                "",
                "",
                "",
            ],  # Pikat, Klungkung: theirs
            [
                "I Made Suarsa",
                "L",
                "",
                "51.03.02.2009",
                "",
                "",
                "",
                "",
                "",
            ],  # Mengwi, Badung: not theirs
        ),
        user,
        commit=True,
    )
    assert [r.outcome for r in report.rows] == [NEW, ERROR]
    assert "outside your region" in report.rows[1].message_texts[0]
    assert not Participant.objects.filter(
        full_name="I Made Suarsa", library__village_id="51.03.02.2009"
    ).exists()


def test_an_event_outside_the_users_region_is_refused(demo, django_user_model):
    from tests.villages.factories import RegencyFactory

    user = _regency_coordinator(
        django_user_model, regency=RegencyFactory().code
    )  # another province
    with pytest.raises(ImportRefused, match="outside your region"):
        run(demo, rows(["Ni Nengah Sukerti", "P", "", "51.05.04.2010"]), user)


def test_header_matching_ignores_case_spacing_punctuation_and_language(demo, superuser):
    data = csv_bytes(
        [
            ["full NAME", "gender", "ROLE", "village-code", "Phone", "e mail", "Ukuran Kaos"],
            [
                "Ni Luh Gede Sarining",
                "female",
                "Volunteer",
                "5105022003",
                "+62 812 1111 2222",
                "sari@example.org",
                "M",
            ],
        ]
    )
    report = run(demo, data, superuser)
    assert [h for h, _c in report.columns] == [
        "full NAME",
        "gender",
        "ROLE",
        "village-code",
        "Phone",
        "e mail",
    ]
    assert report.ignored == ["Ukuran Kaos"]
    assert report.rows[0].outcome == NEW and report.rows[0].village_code == "51.05.02.2003"


def test_export_then_import_into_another_event_gives_the_same_participants(demo, superuser):
    from tests.trainings.factories import TrainingEventFactory
    from trainings.exporters import ParticipantExporter

    out = io.BytesIO()
    ParticipantExporter(user=superuser, filters={"event": demo.event.slug}).write("xlsx", out)
    other = TrainingEventFactory(
        province=demo.event.province, cycle=demo.event.cycle, organiser=demo.event.organiser
    )
    report = participants_import(
        event=other, user=superuser, data=out.getvalue(), filename="ekspor.xlsx", commit=True
    )
    assert report.counts[ERROR] == 0, [r.message_texts for r in report.errors]

    def people(event):
        return sorted(
            Participant.objects.filter(event=event).values_list(
                "full_name", "gender", "role", "library_id", "phone", "email"
            )
        )

    assert people(other) == people(demo.event)


def test_command_exit_codes(demo, tmp_path, capsys):
    good = tmp_path / "baik.csv"
    good.write_bytes(rows(["Ni Luh Gede Sarining", "P", "", "51.05.02.2003", "", "", "", "", ""]))
    call_command(
        "import_participants", str(good), event=demo.event.slug, language="en"
    )  # dry run: exit 0
    assert "Dry run" in capsys.readouterr().out
    assert not Participant.objects.filter(full_name="Ni Luh Gede Sarining").exists()

    bad_rows = tmp_path / "salah.csv"
    bad_rows.write_bytes(
        rows(["Ni Luh Gede Sarining", "X", "", "51.05.02.2003", "", "", "", "", ""])
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_participants", str(bad_rows), event=demo.event.slug, commit=True, language="en"
        )
    assert exit_info.value.code == 1

    from django.core.management.base import CommandError

    unusable = tmp_path / "kosong.csv"
    unusable.write_bytes(b"")
    for args in ([str(unusable), "--event", demo.event.slug], [str(good), "--event", "tidak-ada"]):
        with pytest.raises(CommandError) as error:
            call_command("import_participants", *args, language="en")
        assert error.value.returncode == 2

    call_command(
        "import_participants", str(good), event=demo.event.slug, commit=True, language="en"
    )
    assert Participant.objects.filter(full_name="Ni Luh Gede Sarining").count() == 1


@pytest.mark.parametrize("count", [1, 50])
def test_preview_and_commit_take_a_bounded_number_of_queries(
    demo, superuser, django_assert_max_num_queries, count
):
    codes = ["51.03.02.2009", "51.05.04.2010", "51.02.05.2004"]
    data = rows(
        *[
            [f"Peserta Uji {i:03d}", "P", "", codes[i % 3], "", "", "", f"0812-5555-{i:04d}", ""]
            if i % 2
            else [f"Peserta Uji {i:03d}", "L", "", "", "Mengwi", "Mengwi", "Badung", "", ""]
            for i in range(count)
        ]
    )
    with django_assert_max_num_queries(12):
        run(demo, data, superuser)
    with django_assert_max_num_queries(25):
        report = run(demo, data, superuser, commit=True)
    assert len(report.created_pks) == count


def test_a_phone_of_another_regions_participant_is_not_matched_and_reveals_nothing(
    demo, django_user_model
):
    user = _regency_coordinator(django_user_model)  # Klungkung, no contacts permission
    badung = (
        Participant.objects.filter(event=demo.event, library__village__regency_id="51.03")
        .exclude(phone="")
        .first()
    )
    report = run(
        demo,
        rows(["Ni Nengah Sukerti", "P", "", "51.05.04.2010", "", "", "", badung.phone, ""]),
        user,
    )
    # Matching would tell a Klungkung coordinator that the number is registered in Badung.
    assert report.rows[0].outcome == NEW
    messages = " ".join(report.rows[0].message_texts)
    assert badung.full_name not in messages and "phone" not in messages


def test_without_the_contacts_permission_an_import_neither_confirms_nor_overwrites_phones(
    demo, django_user_model
):
    user = _regency_coordinator(django_user_model)  # Klungkung, no contacts permission
    person = Participant.objects.filter(
        event=demo.event, library__village__regency_id="51.05"
    ).first()
    code = person.library.village_id
    gender = person.gender
    same = run(demo, rows([person.full_name, gender, "", code, "", "", "", person.phone, ""]), user)
    other = run(
        demo, rows([person.full_name, gender, "", code, "", "", "", "0812-7777-7777", ""]), user
    )
    # The stored number, or another one: the preview says the same thing.
    assert same.rows[0].outcome == other.rows[0].outcome == DUPLICATE
    assert same.rows[0].message_texts == other.rows[0].message_texts
    run(
        demo,
        rows([person.full_name, gender, "", code, "", "", "", "0812-7777-7777", "x@example.net"]),
        user,
        commit=True,
    )
    person.refresh_from_db()
    assert person.phone != "+6281277777777" and person.email != "x@example.net"


def test_a_library_is_also_found_by_its_own_name(demo, superuser):
    library = VillageLibrary.objects.get(village_id="51.05.04.2010")  # Pikat, Klungkung
    library.name = "Perpustakaan Desa Sinar Ilmu"
    library.save(update_fields=["name"])
    report = run(
        demo,
        rows(["Ni Komang Sari", "P", "", "", "Sinar Ilmu", "", "Kab. Klungkung", "", ""]),
        superuser,
    )
    assert report.rows[0].outcome == NEW and report.rows[0].village_code == "51.05.04.2010"


def test_command_without_user_runs_as_the_system_user_named_in_history_and_audit(demo, tmp_path):
    from core.system import SYSTEM_USERNAME

    good = tmp_path / "baik.csv"
    good.write_bytes(rows(["Ni Luh Gede Sarining", "P", "", "51.05.02.2003", "", "", "", "", ""]))
    earlier = list(AuditEvent.objects.values_list("pk", flat=True))  # the demo's own loads
    call_command(
        "import_participants", str(good), event=demo.event.slug, commit=True, language="en"
    )
    audit = AuditEvent.objects.exclude(pk__in=earlier).get(action="import")
    assert audit.user.username == SYSTEM_USERNAME and audit.detail["by"] == SYSTEM_USERNAME
    person = Participant.objects.get(full_name="Ni Luh Gede Sarining")
    assert person.history.get().history_user.username == SYSTEM_USERNAME
