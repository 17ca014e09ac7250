"""The admin's annex import (issue 10): upload → preview → confirm on a program cycle, for the
national office only; a bad file or a stale token writes nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.roles import COORDINATOR, NATIONAL_ADMIN, roles_sync
from programs.models import Beneficiary, ProgramCycle
from tests.villages.factories import StaffFactory
from villages.models import VillageLibrary

pytestmark = pytest.mark.django_db

HEADER = ["No", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Nama Perpustakaan"]
ROWS = [
    [1, "Bali", "Kabupaten Tabanan", "Tabanan", "Delod Peken", "Perpustakaan Desa Delod Peken"],
    [2, "Bali", "Kabupaten Badung", "Mengwi", "Mengwi", ""],
    [3, "Bali", "Kabupaten Klungkung", "", "", "Perpustakaan Kabupaten Klungkung"],
    [4, "Bali", "", "", "", "Perpustakaan Provinsi Bali"],
    [5, "Bali", "Kabupaten Tabanan", "Tabanan", "Delod Peken", "Perpustakaan Desa Delod Peken"],
    [6, "Bali", "Kabupaten Tabanan", "Tabanan", "Desa Yang Tidak Ada", ""],
]


def annex_xlsx(rows=ROWS) -> bytes:
    """The annex as offices publish it: title rows, a blank row, the numbered table."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["LAMPIRAN KEPUTUSAN KEPALA PERPUSTAKAAN NASIONAL REPUBLIK INDONESIA"])
    sheet.append(["PERPUSTAKAAN PENERIMA MANFAAT PROGRAM TPBIS TAHUN 2023 (contoh)"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def cycle(demo):
    from tests.programs.factories import ProgramCycleFactory

    roles_sync()
    return ProgramCycleFactory(program=ProgramCycle.objects.get(year=2021).program, year=2023)


@pytest.fixture
def national(client, cycle):
    client.force_login(StaffFactory(scope="national", groups=[NATIONAL_ADMIN]))
    return client


def upload_url(cycle):
    return reverse("admin:programs_programcycle_annex", args=[cycle.pk])


def post(client, cycle, data, name="lampiran-sk-2023.xlsx", **options):
    return client.post(upload_url(cycle), {"file": SimpleUploadedFile(name, data), **options})


def written(cycle):
    return Beneficiary.objects.filter(cycle=cycle).count(), VillageLibrary.objects.count()


def test_the_cycle_page_links_to_the_annex_import_for_the_national_office(national, cycle):
    page = national.get(reverse("admin:programs_programcycle_change", args=[cycle.pk]))
    assert upload_url(cycle) in page.content.decode()


def test_upload_preview_shows_counts_and_row_errors_and_confirm_writes_them_once(national, cycle):
    before = written(cycle)
    response = post(national, cycle, annex_xlsx())
    assert response.status_code == 302
    preview_url = response["Location"]
    page = national.get(preview_url)
    assert page.status_code == 200
    assert written(cycle) == before  # the preview writes nothing
    assert page.context["counts"] == {"new": 4, "update": 0, "duplicate": 1, "error": 1}
    report = page.context["report"]
    (error,) = [r for r in report.rows if r.outcome == "error"]
    (message,) = error.messages
    assert (message.row, message.column) == (10, "Desa/Kelurahan")
    html = page.content.decode()
    assert str(message) in html and 'name="confirm"' in html
    assert "<style" not in html and " style=" not in html  # the CSP allows no inline styles

    done = national.post(preview_url, {"confirm": "1"})
    assert done.status_code == 302
    rows = Beneficiary.objects.filter(cycle=cycle).select_related("library")
    assert rows.count() == before[0] + 4
    assert {b.library.level for b in rows} == {"village", "regency", "province"}
    assert all(b.status == Beneficiary.Status.SELECTED for b in rows)
    # Confirming twice (or replaying the POST) writes nothing more: the upload is gone.
    assert national.post(preview_url, {"confirm": "1"}).status_code == 404
    assert rows.count() == before[0] + 4


def test_all_or_nothing_with_a_row_error_writes_nothing(national, cycle):
    before = written(cycle)
    response = post(national, cycle, annex_xlsx(), strict="on")
    page = national.get(response["Location"])
    assert not page.context["report"].writable and 'name="confirm"' not in page.content.decode()
    national.post(response["Location"], {"confirm": "1"})
    assert written(cycle) == before


def test_a_regency_coordinator_gets_403_and_writes_nothing(client, cycle):
    client.force_login(StaffFactory(scope="51.02", groups=[COORDINATOR]))
    before = written(cycle)
    assert client.get(upload_url(cycle)).status_code == 403
    assert post(client, cycle, annex_xlsx()).status_code == 403
    page = client.get(reverse("admin:programs_programcycle_change", args=[cycle.pk]))
    assert page.status_code == 200 and upload_url(cycle) not in page.content.decode()
    assert written(cycle) == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("lampiran.xlsx", b"not a workbook at all"),
        ("lampiran.pdf", b"%PDF-1.4 a decree, not its annex"),
        ("lampiran.csv", b"Nama,Alamat\nPerpustakaan,Jalan\n"),  # no column says where
        ("lampiran.csv", ",".join(HEADER).encode() + b"\n"),  # a header and no rows
    ],
)
def test_a_bad_file_gives_a_message_and_writes_nothing(national, cycle, name, data):
    before = written(cycle)
    response = post(national, cycle, data, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "errorlist" in response.content.decode()
    assert written(cycle) == before


def test_an_unknown_or_foreign_token_is_refused(national, client, cycle):
    bogus = reverse("admin:programs_programcycle_annex_preview", args=["nope-" + "x" * 27])
    assert national.get(bogus).status_code == 404
    preview_url = post(national, cycle, annex_xlsx())["Location"]
    # Another national administrator, in another session, cannot confirm it.
    client.force_login(StaffFactory(scope="national", groups=[NATIONAL_ADMIN]))
    assert client.post(preview_url, {"confirm": "1"}).status_code == 404
    assert not Beneficiary.objects.filter(cycle=cycle).exists()


def test_cancel_forgets_the_upload_and_writes_nothing(national, cycle):
    before = written(cycle)
    preview_url = post(national, cycle, annex_xlsx())["Location"]
    assert national.post(preview_url, {"cancel": "1"}).status_code == 302
    assert national.get(preview_url).status_code == 404
    assert written(cycle) == before
