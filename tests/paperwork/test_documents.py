"""The staff downloads and the PDFs: scoped, counted, and free of personal data (issue 12)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from pypdf import PdfReader

from core.system import system_user
from trainings.models import Certificate, HealthScreening, Participant
from trainings.paperwork import documents
from trainings.paperwork.certificates import certificate_pdf

BADUNG = "51.03"
PHONE = re.compile(r"(\+62|\b0)8\d{7,}")


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _assert_no_personal_data(text: str, event) -> None:
    participants = Participant.objects.filter(event=event)
    for participant in participants:
        assert participant.phone not in text
        assert participant.email not in text
    assert "@" not in text
    assert not PHONE.search(text.replace(" ", ""))
    for word in ("negatif", "negative", "positif", "positive", "antigen", "swab"):
        assert word not in text.lower()
    assert HealthScreening.objects.filter(participant__event=event).exists()  # there are some


def _zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_event_zip_holds_a_certificate_per_participant_meeting_the_threshold(
    admin_client, demo
):
    response = admin_client.get(f"/staff/dokumen/bimtek/{demo.event.slug}/sertifikat.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = _zip_of(response)
    assert len(archive.namelist()) == 29
    first = archive.read(sorted(archive.namelist())[0])
    text = _text(first)
    assert "SERTIFIKAT" in text and "001/BIMTEK-TPBIS/VI/2021" in text
    assert "40 jam pelajaran" in text and "Muhammad Syarif Bando" in text
    _assert_no_personal_data(text, demo.event)


def test_a_regency_coordinator_gets_only_their_people_and_issues_none(client, demo, make_staff):
    """The Bali event is province-wide: a Badung coordinator sees it, changes nothing."""
    documents.certificates_for(event=demo.event, user=system_user())  # issued by the office
    client.force_login(make_staff("badung", level="regency", code=BADUNG))
    response = client.get(f"/staff/dokumen/bimtek/{demo.event.slug}/sertifikat.zip")
    names = _zip_of(response).namelist()
    badung = Certificate.objects.filter(participant__library__regency_id=BADUNG).count()
    assert 0 < len(names) == badung < 29


def test_staff_downloads_are_for_staff_only(client, demo):
    for path in ("sertifikat.zip", "tanda-pengenal.pdf", "undangan.pdf"):
        response = client.get(f"/staff/dokumen/bimtek/{demo.event.slug}/{path}")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_event_outside_the_scope_is_404(client, demo, make_staff):
    client.force_login(make_staff("jabar", level="province", code="32"))
    response = client.get(f"/staff/dokumen/bimtek/{demo.event.slug}/tanda-pengenal.pdf")
    assert response.status_code == 404


def test_one_participant_certificate_from_their_page(admin_client, demo):
    participant = Participant.objects.filter(event=demo.event).order_by("pk").first()
    response = admin_client.get(f"/staff/dokumen/peserta/{participant.pk}/sertifikat.pdf")
    assert response.status_code == 200
    assert participant.full_name in _text(response.content)


def test_badges_eight_a_page_with_check_in_codes(admin_client, demo):
    response = admin_client.get(f"/staff/dokumen/bimtek/{demo.event.slug}/tanda-pengenal.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 4  # 30 badges, 8 a page
    text = _text(response.content)
    for participant in Participant.objects.filter(event=demo.event):
        assert participant.full_name in text.replace("\n", " ") or participant.code in text
        assert participant.code in text
    _assert_no_personal_data(text, demo.event)


def test_invitation_letters_one_per_regency(admin_client, demo):
    response = admin_client.get(f"/staff/dokumen/bimtek/{demo.event.slug}/undangan.pdf")
    assert response.status_code == 200
    text = _text(response.content)
    for regency in ("Kabupaten Badung", "Kabupaten Klungkung", "Kabupaten Tabanan"):
        assert f"Kepala Dinas Perpustakaan {regency}" in text
    assert "Perpustakaan Desa Mengwi" in text and "Hotel Swiss-Belhotel Tuban" in text
    _assert_no_personal_data(text, demo.event)
    one = admin_client.get(
        f"/staff/dokumen/bimtek/{demo.event.slug}/undangan.pdf", {"regency": BADUNG}
    )
    text = _text(one.content)
    assert "Kabupaten Badung" in text and "Kabupaten Tabanan" not in text


def test_english_documents_on_request(admin_client, demo):
    response = admin_client.get(
        f"/staff/dokumen/bimtek/{demo.event.slug}/undangan.pdf", {"language": "en"}
    )
    assert "Head of the Library Office of Kabupaten Badung" in _text(response.content)


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="zbar-tools, poppler"
)
def test_the_certificate_qr_code_reads_as_its_public_address(demo, tmp_path):
    certificate = documents.certificates_for(event=demo.event, user=system_user()).first()
    (tmp_path / "c.pdf").write_bytes(certificate_pdf(certificate, base_url="https://tpbis.test"))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", str(tmp_path / "c.pdf"), str(tmp_path / "c")],
        check=True,
    )
    png = next(tmp_path.glob("c*.png"))
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded == f"https://tpbis.test/sertifikat/{certificate.code}/"


def test_a_big_event_zip_is_a_background_job(admin_client, demo, monkeypatch):
    from core.jobs.models import Job
    from tests.jobs.helpers import run_queued_jobs
    from trainings.paperwork import views

    monkeypatch.setattr(views, "ZIP_JOB_THRESHOLD", 10)  # the demo's 29 count as "big"
    response = admin_client.get(f"/staff/dokumen/bimtek/{demo.event.slug}/sertifikat.zip")
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"].endswith(f"/{job.pk}/")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert (job.done, job.total) == (29, 29)
    with job.file.open("rb") as f:
        assert len(zipfile.ZipFile(io.BytesIO(f.read())).namelist()) == 29
