"""Phones have one stored form however they are entered (issue 16): typed in the admin, saved
from code or imported, "0812…" and "+62 812…" are the same stored number, so a re-import of the
same number reports no change and the XLSX carries it without an apostrophe."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.exporters.base import Column, Exporter
from core.exporters.xlsx import write_xlsx
from tests.imports.files import HEADER, csv_bytes
from trainings.importing import UPDATE, participants_import
from trainings.models import Participant

pytestmark = pytest.mark.django_db


def test_a_phone_typed_by_hand_is_stored_in_the_import_form(demo):
    participant = Participant.objects.filter(event=demo.event).first()
    participant.phone = "0812-3456 7890"
    participant.save()
    participant.refresh_from_db()
    assert participant.phone == "+6281234567890"


def test_an_unreadable_phone_is_refused_by_the_form_with_a_message(demo):
    participant = Participant.objects.filter(event=demo.event).first()
    participant.phone = "0812-ABC"
    with translation.override("en"), pytest.raises(ValidationError) as error:
        participant.full_clean()
    assert "phone" in error.value.message_dict
    assert "0812 3456 7890" in error.value.message_dict["phone"][0]


def test_reimporting_the_same_number_typed_with_a_zero_reports_no_phone_change(demo, superuser):
    participant = Participant.objects.filter(event=demo.event).select_related("library").first()
    participant.phone = "0813 9999 0001"  # as a coordinator types it in the admin
    participant.save()
    data = csv_bytes(
        [
            HEADER,
            [
                participant.full_name,
                participant.gender,
                participant.position,
                participant.library.village_id,
                "",
                "",
                "",
                "+62 813-9999-0001",
                participant.email,
            ],
        ]
    )
    with translation.override("en"):
        report = participants_import(
            event=demo.event, user=superuser, data=data, filename="peserta.csv"
        )
    row = report.rows[0]
    assert row.outcome != UPDATE
    assert not any("phone" in text for text in row.message_texts)


class _PhoneExport(Exporter):
    columns = (Column("name", "Name", "Nama", "Name"), Column("phone", "Phone", "No. HP", "Phone"))

    def __init__(self, values):
        self._values = values
        self.selected_columns = list(self.columns)

    def header_row(self):
        return [c.header_en for c in self.selected_columns]

    def sheet_title(self):
        return "Phones"

    def rows(self, *, neutralise=True):
        yield from self._values


def test_xlsx_phones_are_plain_text_without_an_apostrophe_and_columns_have_widths():
    out = io.BytesIO()
    write_xlsx(_PhoneExport([["Ni Luh Putu Sriani", "+6281234567890"], ["=cmd()", "-1"]]), out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["B2"].value == "+6281234567890" and sheet["B2"].data_type == "s"
    # A string cell is never a formula, so text that looks like one stays text, unprefixed.
    assert sheet["A3"].value == "=cmd()" and sheet["A3"].data_type == "s"
    assert sheet.column_dimensions["A"].width >= len("Ni Luh Putu Sriani")
    assert 6 <= sheet.column_dimensions["B"].width <= 60
