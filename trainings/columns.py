"""The participant columns: one definition shared by the exporters and the importer.

SHARED with the importer (issue 6): its import template and its header matching use these
definitions. Change them only compatibly: add columns or aliases, never rename a ``key`` or
remove an alias.

Each column has a stable ``key`` (used on the command line: ``--columns name,gender``), its
Indonesian header (the default language: what staff see in files), its English header, and
aliases: other headers people really write in their spreadsheets, which an importer may match
(compare with :func:`normalise_header`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.exporters import Column

# Moved to core.importing (issue 10): one rule for every importer.
from core.importing import normalise_header  # noqa: E402,F401

PARTICIPANT_COLUMNS: tuple[Column, ...] = (
    Column("event", _("Event"), "Kegiatan", "Event", ("Bimtek", "Nama Kegiatan", "Acara")),
    Column(
        "event_slug",
        _("Event code"),
        "Kode Kegiatan",
        "Event code",
        ("Slug Kegiatan", "Event slug"),
        default=False,
    ),
    Column("name", _("Name"), "Nama", "Name", ("Nama Lengkap", "Full name", "Nama Peserta")),
    Column(
        "gender",
        _("Gender"),
        "Jenis Kelamin",
        "Gender",
        ("L/P", "JK", "Sex", "Jenis Kelamin (L/P)"),
    ),
    Column("role", _("Role"), "Jabatan", "Role", ("Peran", "Position")),
    Column(
        "library",
        _("Library"),
        "Perpustakaan",
        "Library",
        ("Perpustakaan Desa", "Nama Perpustakaan", "Village library"),
    ),
    Column("village_code", _("Village code"), "Kode Desa", "Village code", ("Kode Kelurahan",)),
    Column("village", _("Village"), "Desa", "Village", ("Kelurahan", "Desa/Kelurahan")),
    Column("district", _("District"), "Kecamatan", "District", ("Kec.",)),
    Column(
        "regency",
        _("Regency/city"),
        "Kabupaten",
        "Regency",
        ("Kota", "Kabupaten/Kota", "City", "Kab.", "Kab/Kota", "Regency/city"),
    ),
    Column("province", _("Province"), "Provinsi", "Province", ()),
    Column(
        "phone",
        _("Phone"),
        "No. HP",
        "Phone",
        (
            "Telepon",
            "No. Telepon",
            "HP",
            "WhatsApp",
            "Nomor HP",
            "No. WA",
            "Telp",
            "No. Telp",
            "Telepon/HP",
        ),
        personal=True,
    ),
    Column(
        "email",
        _("E-mail"),
        "Email",
        "E-mail",
        ("Surel", "Alamat Email", "Alamat E-mail"),
        personal=True,
    ),
)

#: Attendance, counted from the daily marks (the grid): exported, never imported.
PARTICIPANT_ATTENDANCE_COLUMNS: tuple[Column, ...] = (
    Column("days_attended", _("Days attended"), "Jumlah Hari Hadir", "Days attended", ()),
    Column("attendance_rate", _("Attendance rate (%)"), "Kehadiran (%)", "Attendance (%)", ()),
)

#: Health columns are never in a default export: only when asked for, by a user allowed to.
PARTICIPANT_HEALTH_COLUMNS: tuple[Column, ...] = (
    Column(
        "test_before",
        _("Antigen test before"),
        "Swab Antigen Sebelum",
        "Antigen test before",
        (),
        health=True,
        default=False,
    ),
    Column(
        "test_after",
        _("Antigen test after"),
        "Swab Antigen Sesudah",
        "Antigen test after",
        (),
        health=True,
        default=False,
    ),
)

COLUMNS_BY_KEY: dict[str, Column] = {
    c.key: c
    for c in (*PARTICIPANT_COLUMNS, *PARTICIPANT_ATTENDANCE_COLUMNS, *PARTICIPANT_HEALTH_COLUMNS)
}
