"""make_certificates, make_badges, make_invitations: scope, exit codes, nothing half-written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

SLUG = "bimtek-strategi-pengembangan-tik-bali-2021"


def test_make_certificates_writes_the_zip(demo, tmp_path, capsys):
    out = tmp_path / "c.zip"
    call_command("make_certificates", event=SLUG, output=str(out))
    assert len(zipfile.ZipFile(out).namelist()) == 29
    assert "29 sertifikat; 29 peserta memenuhi syarat kehadiran" in capsys.readouterr().err


def test_make_badges_and_invitations(demo, tmp_path):
    call_command("make_badges", event=SLUG, output=str(tmp_path / "b.pdf"))
    assert len(PdfReader(tmp_path / "b.pdf").pages) == 4
    call_command("make_invitations", event=SLUG, output=str(tmp_path / "i.pdf"), language="en")
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "i.pdf").pages)
    assert text.count("Head of the Library Office of") == 3


def test_as_a_regency_coordinator_only_their_regency(demo, tmp_path, make_staff):
    make_staff("badung", level="regency", code="51.03")
    call_command("make_invitations", event=SLUG, output=str(tmp_path / "i.pdf"), user="badung")
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "i.pdf").pages)
    assert "Kabupaten Badung" in text and "Kabupaten Tabanan" not in text


@pytest.mark.parametrize(
    "command, options",
    [
        ("make_certificates", {"event": "no-such-event"}),
        ("make_badges", {"event": SLUG, "user": "nobody"}),
        ("make_invitations", {"event": SLUG, "regency": "99.99"}),
    ],
)
def test_a_bad_argument_exits_2_and_writes_nothing(demo, tmp_path, command, options):
    out = tmp_path / "out.pdf"
    with pytest.raises(CommandError) as error:
        call_command(command, output=str(out), **options)
    assert error.value.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_an_event_outside_the_users_scope_exits_2(demo, tmp_path, make_staff):
    make_staff("jabar", level="province", code="32")
    with pytest.raises(CommandError) as error:
        call_command("make_badges", event=SLUG, output=str(tmp_path / "b.pdf"), user="jabar")
    assert error.value.returncode == 2
    assert "Tidak ada kegiatan" in str(error.value)


def test_the_zip_entries_are_pdfs(demo, tmp_path):
    out = tmp_path / "c.zip"
    call_command("make_certificates", event=SLUG, output=str(out), language="en")
    archive = zipfile.ZipFile(out)
    first = archive.read(archive.namelist()[0])
    assert first.startswith(b"%PDF")
    assert "CERTIFICATE" in PdfReader(io.BytesIO(first)).pages[0].extract_text()
