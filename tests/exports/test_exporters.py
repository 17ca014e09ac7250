import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.utils.escape import unescape

from core.exporters import ExportError
from core.formulas import neutralise, unneutralise
from core.system import system_user
from programs.exporters import BeneficiaryExporter
from tests.programs.factories import BeneficiaryFactory
from tests.trainings.factories import ParticipantFactory
from trainings.exporters import ParticipantExporter

from .data import NAMES, build_world


def read_csv(data: bytes, delimiter=","):
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def read_xlsx(data: bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    # OOXML writes a control character such as CR as "_x000D_"; Excel and LibreOffice decode it,
    # openpyxl leaves inline strings as stored, so decode here.
    return [
        [("" if c.value is None else unescape(c.value)) for c in row] for row in sheet.iter_rows()
    ], sheet


def export(exporter, fmt):
    out = io.BytesIO()
    exporter.write(fmt, out)
    return out.getvalue()


@pytest.fixture
def world(db):
    return build_world()


# Names that already start with apostrophes: guarded when a formula character follows.
APOSTROPHE_NAMES = ["'=Sudah dijaga", "''@dua", "'Ayu", "'", "' =spasi", "'\t-tab"]


@pytest.mark.parametrize("use_copy", [False, True])
def test_names_with_leading_apostrophes_come_back_exactly_through_unneutralise(world, use_copy):
    if use_copy and connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    for name in APOSTROPHE_NAMES:
        ParticipantFactory(event=world["event"], full_name=name)
    exporter = ParticipantExporter(user=system_user(), columns=["name"])
    out = io.BytesIO()
    exporter.write("csv", out, use_copy=use_copy)
    names = [r[0] for r in read_csv(out.getvalue())[1:]]
    assert "''=Sudah dijaga" in names and "'''@dua" in names and "''\t-tab" in names
    assert "'Ayu" in names and "'" in names and "' =spasi" in names
    assert sorted(unneutralise(n) for n in names) == sorted(
        NAMES + APOSTROPHE_NAMES + ["Orang Kabupaten Dua", "Orang Provinsi Lain"]
    )


def test_csv_round_trip_keeps_every_name_exactly_and_neutralises_formulas(world):
    exporter = ParticipantExporter(
        user=system_user(), filters={"event": "bimtek-uji"}, columns=["name", "regency"]
    )
    rows = read_csv(export(exporter, "csv"))
    assert rows[0] == ["Nama", "Kabupaten"]
    names = [r[0] for r in rows[1:]]
    assert sorted(names) == sorted(
        [neutralise(n) for n in NAMES] + ["Orang Kabupaten Dua", "Orang Provinsi Lain"]
    )
    assert '\'=HYPERLINK("http://x.example")' in names
    assert "Nyoman Adi' Putra" in names and "Désak Ayu" in names and "Baris\nkedua" in names


def test_semicolon_csv_for_excel_in_indonesian(world):
    exporter = ParticipantExporter(
        user=system_user(), filters={"event": "bimtek-uji"}, columns=["name", "gender"]
    )
    data = export(exporter, "csv-semicolon")
    rows = read_csv(data, ";")
    assert rows[0] == ["Nama", "Jenis Kelamin"]
    assert ['Made "Bli" Rai, S.Pd.', "P"] in rows or ['Made "Bli" Rai, S.Pd.', "L"] in rows


def test_xlsx_round_trip_writes_every_cell_as_text_never_a_formula(world):
    exporter = ParticipantExporter(user=system_user(), filters={"event": "bimtek-uji"})
    csv_rows = read_csv(export(exporter, "csv"))
    xlsx_rows, _sheet = read_xlsx(export(exporter, "xlsx"))
    # The same text as the CSV without its guard: a string cell is never a formula (issue 16).
    assert xlsx_rows == [[unneutralise(cell) for cell in row] for row in csv_rows]
    sheet = openpyxl.load_workbook(io.BytesIO(export(exporter, "xlsx"))).active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in ("s", "n") and (
                cell.value is None or isinstance(cell.value, str)
            )
    assert "@Mention" in [c.value for c in sheet["B"]]
    assert '=HYPERLINK("http://x.example")' in [c.value for c in sheet["B"]]


def test_english_headers_and_labels(world):
    exporter = ParticipantExporter(
        user=system_user(), filters={"event": "bimtek-uji"}, columns=["name", "role"], language="en"
    )
    rows = read_csv(export(exporter, "csv"))
    assert rows[0] == ["Name", "Role"]
    assert {r[1] for r in rows[1:]} == {"Librarian/library staff"}


def test_province_coordinator_exports_only_their_province(world, make_staff):
    user = make_staff("prov", level="province", province="40")
    rows = read_csv(export(ParticipantExporter(user=user, columns=["name"]), "csv"))
    names = {r[0] for r in rows[1:]}
    assert "Orang Kabupaten Dua" in names and "I Gusti Ngurah Oka" in names
    assert "Orang Provinsi Lain" not in names


def test_regency_coordinator_exports_only_their_regency(world, make_staff):
    user = make_staff("reg", level="regency", regency="40.10")
    rows = read_csv(export(ParticipantExporter(user=user, columns=["name"]), "csv"))
    names = {r[0] for r in rows[1:]}
    assert len(names) == len(NAMES)
    assert "Orang Kabupaten Dua" not in names and "Orang Provinsi Lain" not in names


def test_staff_without_scope_exports_nothing(world, make_staff):
    user = make_staff("noscope", level=None)
    rows = read_csv(export(ParticipantExporter(user=user), "csv"))
    assert len(rows) == 1  # the header only: fails closed


def test_contacts_only_with_the_contacts_permission(world, make_staff):
    plain = make_staff("plain", level="national")
    headers = read_csv(export(ParticipantExporter(user=plain), "csv"))[0]
    assert "No. HP" not in headers and "Email" not in headers
    with pytest.raises(ExportError, match="phone"):
        ParticipantExporter(user=plain, columns=["name", "phone"])
    allowed = make_staff("contacts", level="national", contacts=True)
    rows = read_csv(export(ParticipantExporter(user=allowed), "csv"))
    assert "No. HP" in rows[0] and "Email" in rows[0]
    email = rows[0].index("Email")  # (attendance columns follow the contacts since issue 11)
    assert any(r[email].endswith("@example.org") for r in rows[1:])


def test_health_results_never_by_default_and_only_for_the_health_permission(world, make_staff):
    health = make_staff("health", level="national", contacts=True, health=True)
    default_headers = read_csv(export(ParticipantExporter(user=health), "csv"))[0]
    assert "Swab Antigen Sebelum" not in default_headers
    rows = read_csv(
        export(ParticipantExporter(user=health, columns=["name", "test_before"]), "csv")
    )
    assert rows[0] == ["Nama", "Swab Antigen Sebelum"]
    assert ["I Gusti Ngurah Oka", "negatif"] in rows
    no_health = make_staff("nohealth", level="national", contacts=True)
    with pytest.raises(ExportError):
        ParticipantExporter(user=no_health, columns=["name", "test_before"])


def test_unknown_column_is_refused_by_name(world):
    with pytest.raises(ExportError, match="nama_lengkap"):
        ParticipantExporter(user=system_user(), columns=["name", "nama_lengkap"])


def _count_queries(fmt, user):
    exporter = ParticipantExporter(
        user=user, columns=["event", "name", "library", "regency", "province"]
    )
    with CaptureQueriesContext(connection) as ctx:
        export(exporter, fmt)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_query_count_does_not_grow_with_rows(db, fmt, django_assert_max_num_queries):
    first = ParticipantFactory()
    user = system_user()
    one = _count_queries(fmt, user)
    for _ in range(49):
        ParticipantFactory(event=first.event)
    with django_assert_max_num_queries(one):
        assert _count_queries(fmt, user) <= one
    assert one <= 6


def test_beneficiary_export_scoped_with_status_labels(world, make_staff):
    from .data import library_in

    BeneficiaryFactory(cycle=world["cycle"], library=world["people_a1"][0].library)
    BeneficiaryFactory(cycle=world["cycle"], library=world["person_b"].library)
    user = make_staff("benprov", level="province", province="40")
    rows = read_csv(export(BeneficiaryExporter(user=user), "csv"))
    assert rows[0] == [
        "Perpustakaan",
        "Kode Desa",
        "Desa",
        "Kecamatan",
        "Kabupaten",
        "Provinsi",
        "Tahun",
        "Status",
    ]
    assert len(rows) == 2 and rows[1][-1] == "terpilih"
    assert rows[1][1] == world["people_a1"][0].library.village_id
    assert library_in  # helper importable for other tests


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
@pytest.mark.parametrize("fmt", ["csv", "csv-semicolon"])
def test_copy_path_writes_the_same_bytes_as_the_python_path(world, fmt):
    ParticipantFactory(event=world["event"], full_name='Koma, Titik; "Kutip"', phone="", email="")
    for name in APOSTROPHE_NAMES:
        ParticipantFactory(event=world["event"], full_name=name, phone="'+62 812", email="")
    exporter = ParticipantExporter(user=system_user(), columns=None)
    via_copy, via_python = io.BytesIO(), io.BytesIO()
    assert exporter.write(fmt, via_copy, use_copy=True) == exporter.write(
        fmt, via_python, use_copy=False
    )
    assert via_copy.getvalue() == via_python.getvalue()
    health = ParticipantExporter(
        user=system_user(), columns=["name", "test_before", "test_after", "role"]
    )
    a, b = io.BytesIO(), io.BytesIO()
    health.write(fmt, a, use_copy=True)
    health.write(fmt, b, use_copy=False)
    assert a.getvalue() == b.getvalue()
