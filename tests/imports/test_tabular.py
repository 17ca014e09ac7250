"""The safe table reader: formats, encodings, delimiters, title rows, and hostile files."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.tabular import TableError, check_xlsx_archive, read_table
from trainings.importing import header_score

from .files import BILLION_LAUGHS, HEADER, csv_bytes, good_rows, rezip, xlsx_bytes

ROW = [
    "I Made Sutama",
    "L",
    "Kepala",
    "51.03.02.2009",
    "Mengwi",
    "Mengwi",
    "Badung",
    "0812-3456-7890",
    "",
]


def read(data, **kwargs):
    return read_table(data, header_score=header_score, **kwargs)


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_delimiter_and_encoding_are_detected(delimiter, encoding):
    rows = [HEADER, ["Ni Luh Putu Sriani", "P", "", "", "Kutuh", "", "Badung", "", ""], ROW]
    rows[1][2] = "Pustakawan, arsip"  # a comma inside a quoted cell must not split it
    rows[2][0] = "I Made Sutama – Désa"  # non-ASCII that Windows-1252 carries
    table = read(csv_bytes(rows, delimiter=delimiter, encoding=encoding))
    assert table.header == HEADER
    assert table.delimiter == delimiter
    assert table.rows[0].cells[2] == "Pustakawan, arsip"
    assert table.rows[1].cells[0] == "I Made Sutama – Désa"


def test_header_is_found_below_title_rows_and_blank_rows_are_skipped_keeping_row_numbers():
    rows = [
        ["DAFTAR PESERTA BIMTEK"],
        ["Kabupaten Badung, 2021"],
        [],
        HEADER,
        ROW,
        [],
        ["", "  "],
        ROW,
    ]
    for data in (xlsx_bytes(rows), csv_bytes(rows)):
        table = read(data)
        assert table.header_row_number == 4
        assert [row.number for row in table.rows] == [5, 8]


def test_xlsx_reads_the_first_sheet_or_the_chosen_one():
    data = xlsx_bytes(
        good_rows(), sheet="Badung", extra_sheets={"Klungkung": [HEADER, ["Ni Wayan Darmini"]]}
    )
    assert read(data).rows[0].cells[0] == "I Made Sutama"
    assert read(data, sheet="Klungkung").rows[0].cells[0] == "Ni Wayan Darmini"
    with pytest.raises(TableError, match="Tabanan.*Badung, Klungkung"):
        read(data, sheet="Tabanan")


def test_xlsx_formulas_come_back_as_their_text_never_evaluated():
    data = xlsx_bytes([HEADER, ['=CONCAT("I Made"," Sutama")', "L", "", "=1+1"]])
    table = read(data)
    assert table.rows[0].cells[0] == '=CONCAT("I Made"," Sutama")'
    assert table.rows[0].cells[3] == "=1+1"


def test_xlsx_numbers_lose_no_digits_and_gain_no_decimal_point():
    table = read(xlsx_bytes([HEADER, ["A", "L", "", 5103022009, "", "", "", 6281234567890, ""]]))
    assert table.rows[0].cells[3] == "5103022009"
    assert table.rows[0].cells[7] == "6281234567890"


def test_a_sheet_claiming_a_million_rows_reads_only_what_is_there():
    good = xlsx_bytes(good_rows())
    sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
    lying = rezip(
        good,
        replace={"xl/worksheets/sheet1.xml": sheet.replace(b'ref="A1:I2"', b'ref="A1:XFD1048576"')},
    )
    assert len(read(lying).rows) == 1


def test_billion_laughs_is_refused_by_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True  # openpyxl parses through defusedxml
    good = xlsx_bytes(good_rows())
    sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
    doctype = BILLION_LAUGHS.split(b"<sst", 1)[0]
    data = rezip(
        good,
        replace={"xl/worksheets/sheet1.xml": doctype + sheet.replace(b"I Made Sutama", b"&lol9;")},
    )
    with pytest.raises(TableError, match="entity"):
        read(data)


def test_zip_directory_is_checked_before_opening():
    good = xlsx_bytes(good_rows())
    check_xlsx_archive(good)  # a normal workbook passes
    with pytest.raises(TableError, match="macros"):
        check_xlsx_archive(rezip(good, add={"xl/vbaProject.bin": b"x"}))
    with pytest.raises(TableError, match="external links"):
        check_xlsx_archive(rezip(good, add={"xl/externalLinks/externalLink1.xml": b"<x/>"}))


def test_size_limit_comes_from_settings(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(TableError, match="up to 100"):
        read(csv_bytes([HEADER, ROW, ROW]))


def test_utf16_text_gets_a_message_saying_how_to_save_it():
    with pytest.raises(TableError, match="UTF-16"):
        read("Nama,Desa\nA,B\n".encode("utf-16"))


# Property-based: whatever bytes arrive, the reader returns a table or a message, nothing else.
_csvish = st.lists(
    st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12), max_size=6),
    max_size=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_random_bytes_give_a_table_or_a_message(data):
    try:
        table = read(data, filename="fuzz.csv")
    except TableError as exc:
        assert exc.message and isinstance(exc.message, str)
    else:
        assert all(isinstance(c, str) for row in table.rows for c in row.cells)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _csvish,
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.sampled_from(["", '"', "\r", "\n", "\x00", "\ufeff"]),
)
def test_fuzz_csv_like_text_gives_a_table_or_a_message(rows, delimiter, encoding, junk):
    text = "\n".join(delimiter.join(cells) for cells in rows) + junk
    data = text.encode(encoding, errors="replace")
    try:
        table = read(data, filename="fuzz.csv")
    except TableError as exc:
        assert exc.message
    else:
        assert table.header is not None
        assert all(row.number > table.header_row_number for row in table.rows)
