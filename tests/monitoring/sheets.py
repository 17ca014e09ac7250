"""Sheets as regency offices make them, for the import tests and the report's evidence."""

from __future__ import annotations

import io

import openpyxl

#: Badung's five demo libraries, named the three ways offices name them.
BADUNG_ROWS = [
    # (No, library name, village, code, L, P, new members, loans, activities, men, women, notes)
    (1, "Perpustakaan Desa Mengwi", "Mengwi", "", "120", "1.234", "12 orang", "310", 3, 20, 45, ""),
    (2, "Perpus Desa Baha", "", "", 80, 95, 4, "1,020", 1, "8", "15 orang", "listrik padam 2 hari"),
    (3, "", "Abiansemal", "", 60, 70, "-", 150, 2, 10, 12, ""),
    (4, "", "", "5103032014", 33, 41, 2, 90, 0, 0, 0, ""),
    (5, "Perpustakaan Desa Kutuh", "Kutuh", "51.03.05.2003", 51, 64, 3, 120, 1, 5, 9, ""),
]


def badung_sheet(rows=BADUNG_ROWS, *, month_title: str = "NOVEMBER 2026") -> bytes:
    """An XLSX: two title rows, a blank row, headers merged over two rows (Pengunjung → L/P,
    Peserta kegiatan → Laki-laki/Perempuan), a "No" column, an empty row and a totals row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Rekap"
    sheet.append(["REKAPITULASI LAPORAN BULANAN PERPUSTAKAAN DESA"])
    sheet.append([f"KABUPATEN BADUNG — BULAN {month_title}"])
    sheet.append([])
    sheet.append(
        [
            "No",
            "Nama Perpustakaan",
            "Desa",
            "Kode Desa",
            "Pengunjung",
            None,
            "Anggota baru",
            "Peminjaman",
            "Jumlah kegiatan",
            "Peserta kegiatan",
            None,
            "Keterangan",
        ]
    )
    sheet.append([None, None, None, None, "L", "P", None, None, None, "Laki-laki", "Perempuan"])
    sheet.merge_cells("E4:F4")
    sheet.merge_cells("J4:K4")
    for row in rows:
        sheet.append(list(row))
        if row[0] == 2:
            sheet.append([])
    sheet.append([None, "JUMLAH", None, None, "=SUM(E6:E11)", "=SUM(F6:F11)"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
