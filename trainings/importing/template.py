"""The import template: an empty list with exactly the headers the importer reads.

Written by the exporter framework (`core.exporters.Exporter`), so its headers, BOM and file
names are those of every export. The XLSX adds what only a template needs: columns formatted
as text (Excel would otherwise turn 0812… into a number and drop the zero) and a sheet of
instructions; the base writer writes one sheet of data and no formats, hence `write_xlsx`.
"""

from __future__ import annotations

import io
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporters import Exporter
from core.privacy import privacy_notice_text

from ..columns import COLUMNS_BY_KEY
from ..models import Participant

#: Columns the downloadable template carries, in this order.
TEMPLATE_KEYS = (
    "name",
    "gender",
    "role",
    "village_code",
    "village",
    "district",
    "regency",
    "phone",
    "email",
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_instructions() -> list[str]:
    return [
        _(
            "One participant per row, below the header row. "
            "Title rows above the header are allowed."
        ),
        _(
            "Kode Desa: the official village code (e.g. "
            "51.03.02.2009). Without it, give Desa, Kecamatan and Kabupaten."
        ),
        _(
            "Jenis Kelamin: L or P. Jabatan: Kepala Perpustakaan, "
            "Pustakawan, Perangkat Desa, Relawan or Lainnya."
        ),
        _(
            "No. HP: any usual form (0812-3456-7890, +62 812 "
            "3456 7890); it is stored as +6281234567890."
        ),
        _("Formulas are not accepted: type the values."),
        # Whoever fills the sheet in learns what happens to the people's data (UU PDP).
        privacy_notice_text(),
    ]


class ParticipantImportTemplate(Exporter):
    """The template as an exporter with no rows (a template holds no personal data)."""

    identifier = "templat-peserta"
    verbose_name = gettext_lazy("Participants")
    columns = tuple(COLUMNS_BY_KEY[key] for key in TEMPLATE_KEYS)
    formats = ("csv", "xlsx")

    def get_queryset(self) -> QuerySet:
        return Participant.objects.none()

    def field_expressions(self) -> dict[str, Any]:
        return {
            "name": "full_name",
            "gender": "gender",
            "role": "role",
            "village_code": "library__village_id",
            "village": "library__village__name",
            "district": "library__village__district__name",
            "regency": "library__village__regency__name",
            "phone": "phone",
            "email": "email",
        }

    def may_see_personal(self) -> bool:
        return True  # the phone and e-mail headers; there are no rows

    def filename(self, fmt: str) -> str:
        english = self.language.startswith("en")
        return f"{'participants-template' if english else self.identifier}.{fmt}"

    def write_xlsx(self, out: IO[bytes]) -> int:
        import xlsxwriter

        headers = self.header_row()
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.sheet_title()[:31])
        bold = workbook.add_format({"bold": True})
        text = workbook.add_format({"num_format": "@"})  # phones and codes stay text
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
        sheet.set_column(0, len(headers) - 1, 20, text)
        sheet.freeze_panes(1, 0)
        notes = workbook.add_worksheet(_("Instructions")[:31])
        for i, line in enumerate(template_instructions()):
            notes.write_string(i, 0, line)
        notes.set_column(0, 0, 110)
        workbook.close()
        out.write(buffer.getvalue())
        return 0

    def file(self, fmt: str) -> tuple[bytes, str, str]:
        """(content, content type, file name) of the template in `fmt` ("csv" or "xlsx");
        raises `core.exporters.ExportError` for another format."""
        out = io.BytesIO()
        self.write(fmt, out)
        return out.getvalue(), CONTENT_TYPES[fmt], self.filename(fmt)
