import io
import re

from pypdf import PdfReader

from core.system import system_user
from trainings.exporters import ParticipantExporter


def test_attendance_sheet_has_every_participant_and_a_signature_column_on_every_day(demo):
    event = demo.event
    pdf = PdfReader(
        io.BytesIO(
            ParticipantExporter(user=system_user(), filters={"event": event.slug}).render_pdf()
        )
    )
    pages = [page.extract_text() for page in pdf.pages]
    text = "\n".join(pages)
    names = list(event.participants.values_list("full_name", flat=True))
    sections = re.split(r"Hari ke-\d+: ", text)[1:]
    assert len(sections) == event.duration_days == 5
    for section in sections:
        flat = " ".join(section.split())
        assert "Tanda Tangan" in flat
        for name in names:
            assert name in flat, name
    assert "Senin, 28 Juni 2021" in pages[0]
    assert "Hotel Swiss-Belhotel Tuban, Bali" in pages[0]
    assert "DAFTAR HADIR PESERTA" in pages[0] and event.title in " ".join(pages[0].split())
    # Every page says which it is, out of how many.
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page


def test_attendance_sheet_prints_accented_and_balinese_names(db):
    from tests.trainings.factories import ParticipantFactory

    p = ParticipantFactory(full_name="Désak Ayu Nyoman Adi' Putra")
    pdf = PdfReader(
        io.BytesIO(
            ParticipantExporter(user=system_user(), filters={"event": p.event.slug}).render_pdf()
        )
    )
    assert "Désak Ayu Nyoman Adi' Putra" in " ".join(pdf.pages[0].extract_text().split())


def test_too_large_a_selection_for_a_pdf_is_refused_with_a_reason(demo):
    import pytest

    from core.exporters import ExportError

    exporter = ParticipantExporter(user=system_user(), language="en")
    exporter.pdf_max_rows = 10
    from django.utils import translation

    with (
        translation.override("en"),
        pytest.raises(ExportError, match="at most 10 participants; this selection has 37"),
    ):
        exporter.render_pdf()
