"""Every kind of bad upload gets a clear message and writes nothing."""

import pytest

from core.tabular import TableError
from trainings.importing import ERROR, participants_import
from trainings.models import Participant

from .files import bad_files

pytestmark = pytest.mark.django_db

BAD = bad_files()
EXPECTED = {
    "a PDF renamed .csv": "PDF",
    "a PNG image": "not a valid .xlsx",
    "an old .xls (OLE2) file": "old Excel file",
    "an empty file": "empty",
    "header only": "no participants",
    "no name column": "No column for the participant's name",
    "larger than the limit": "files up to",
    "a zip bomb (300 MB unpacked)": "would unpack to",
    "too many zip entries": "at most 500",
    "billion laughs XML": "entity",
    "macros (vbaProject.bin)": "macros",
    "external links": "external links",
    "a ZIP that is not a workbook": "not an Excel workbook",
    "only formulas in the rows": "formula",
    "formula in one row (kept as text)": "formula",
}


def test_every_bad_file_gets_a_message_and_writes_nothing(demo, superuser):
    # One test over the whole corpus: the demo is set up once (each file is a subtest below).
    before = Participant.objects.count()
    for kind, (filename, data) in sorted(BAD.items()):
        try:
            report = participants_import(
                event=demo.event,
                user=superuser,
                data=data,
                filename=filename,
                commit=True,
                strict=True,
            )
        except TableError as exc:
            message = exc.message
        else:
            assert report.has_errors and not report.committed, kind
            errors = [row for row in report.rows if row.outcome == ERROR]
            message = " ".join(m for row in errors for m in row.message_texts)
        assert EXPECTED[kind] in message, (kind, message)
        assert Participant.objects.count() == before, kind


def test_every_bad_file_kind_has_an_expectation():
    assert set(EXPECTED) == set(BAD)
