"""Small files built in memory for the import tests: good ones with quirks, and bad ones."""

from __future__ import annotations

import csv
import functools
import io
import zipfile

import openpyxl

HEADER = [
    "Nama",
    "Jenis Kelamin",
    "Jabatan",
    "Kode Desa",
    "Desa",
    "Kecamatan",
    "Kabupaten",
    "No. HP",
    "Email",
]


def xlsx_bytes(
    rows: list[list[object]], *, sheet: str = "Peserta", extra_sheets: dict | None = None
) -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for name, more in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in more:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[object]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def rezip(
    data: bytes, *, add: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None
) -> bytes:
    """A copy of a ZIP (an XLSX) with entries added or replaced."""
    add, replace = add or {}, replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def good_rows() -> list[list[object]]:
    return [
        HEADER,
        [
            "I Made Sutama",
            "L",
            "Kepala",
            "51.03.02.2009",
            "Mengwi",
            "Mengwi",
            "Badung",
            "0812-3456-7890",
            "made@example.org",
        ],
    ]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns=(
        ""
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
) count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>
"""


@functools.cache
def bad_files() -> dict[str, tuple[str, bytes]]:
    """name -> (file name, content) of every kind of bad upload the importer must refuse."""
    good = xlsx_bytes(good_rows())
    sheet_xml = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
    # The entities go into the worksheet itself (openpyxl writes inline strings).
    doctype = BILLION_LAUGHS.split(b"<sst", 1)[0]
    laughs_sheet = doctype + sheet_xml.replace(b"I Made Sutama", b"&lol9;", 1)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        source = zipfile.ZipFile(io.BytesIO(good))
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        # 300 MB of zeros, streamed (never 300 MB in memory); deflates to about 300 KB.
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as padding:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                padding.write(chunk)
    many = rezip(good, add={f"customXml/item{i}.xml": b"<a/>" for i in range(600)})
    formula_rows = good_rows() + [
        ['=HYPERLINK("http://evil.example","Klik")', "P", "", "51.03.05.2003", "", "", "", "", ""]
    ]
    return {
        "a PDF renamed .csv": (
            "peserta.csv",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        ),
        "a PNG image": ("peserta.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40),
        "an old .xls (OLE2) file": (
            "peserta.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
        ),
        "an empty file": ("peserta.csv", b""),
        "header only": ("peserta.csv", csv_bytes([HEADER])),
        "no name column": ("peserta.csv", csv_bytes([["Kolom A", "Kolom B"], ["x", "y"]])),
        "larger than the limit": (
            "peserta.csv",
            csv_bytes([HEADER]) + b"a,b\n" * (3 * 1024 * 1024),
        ),
        "a zip bomb (300 MB unpacked)": ("bom.xlsx", bomb.getvalue()),
        "too many zip entries": ("banyak.xlsx", many),
        "billion laughs XML": (
            "tawa.xlsx",
            rezip(good, replace={"xl/worksheets/sheet1.xml": laughs_sheet}),
        ),
        "macros (vbaProject.bin)": (
            "makro.xlsm",
            rezip(good, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
        ),
        "external links": (
            "tautan.xlsx",
            rezip(
                good,
                add={
                    "xl/externalLinks/externalLink1.xml": b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
                },
            ),
        ),
        "a ZIP that is not a workbook": ("arsip.xlsx", _plain_zip()),
        "only formulas in the rows": (
            "rumus.xlsx",
            xlsx_bytes([HEADER, ["=1+1", "=A1", "", "=B2", "", "", "", "", ""]]),
        ),
        "formula in one row (kept as text)": ("rumus2.xlsx", xlsx_bytes(formula_rows)),
    }


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()
