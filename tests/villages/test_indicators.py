"""The literacy index (IPLM, issue 13): imported as published, all or nothing, shown on region
pages with a fixed number of queries."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from core.importing import ImportRefused
from core.system import system_user
from portal.roles import COORDINATOR
from tests.villages.factories import ProvinceFactory, RegencyFactory, StaffFactory
from villages.indicator_import import (
    NEW,
    UNCHANGED,
    UPDATE,
    indicators_import,
    parse_value,
    region_code,
)
from villages.models import LiteracyIndex

pytestmark = pytest.mark.django_db

PUBLISHED = (
    "Tabel 3. Indeks Pembangunan Literasi Masyarakat Kabupaten/Kota Provinsi Uji\n"
    "Sumber: Perpustakaan Nasional RI\n"
    "\n"
    "No;Kode;Kabupaten/Kota;Nilai IPLM;Kategori;Tahun\n"
    "1;4410;Kabupaten Lombok Uji;43,60;Rendah;2024\n"
    "2;44.11;Kota Uji;71.25;Tinggi;2024\n"
    "3;44;Provinsi Uji;55,00;Sedang;2024\n"
)


@pytest.fixture
def regions():
    province = ProvinceFactory(code="44", name="Provinsi Uji")
    return {
        "province": province,
        "a": RegencyFactory(province=province, code="44.10", name="Kabupaten Lombok Uji"),
        "b": RegencyFactory(province=province, code="44.11", name="Kota Uji"),
    }


def _import(text: str, *, commit: bool = False, **options):
    return indicators_import(
        user=system_user(), data=text.encode(), filename="iplm.csv", commit=commit, **options
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [("5201", "52.01"), ("52.01", "52.01"), (" 52 01 ", "52.01"), ("52", "52"), ("520", None)],
)
def test_region_codes_are_read_in_either_published_form(text, code):
    assert region_code(text) == code


@pytest.mark.parametrize(
    ("text", "value"),
    [("43,60", Decimal("43.60")), ("43.6", Decimal("43.60")), ("100", Decimal("100.00"))],
)
def test_values_are_read_with_a_decimal_comma_or_dot(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["100,01", "-1", "43,605", "abc", "1.234,5", "NaN"])
def test_values_outside_0_to_100_or_not_numbers_are_refused(text):
    assert parse_value(text) is None


def test_a_preview_writes_nothing_and_a_commit_writes_every_row(regions):
    report = _import(PUBLISHED)
    assert report.counts == {NEW: 3, UPDATE: 0, UNCHANGED: 0, "error": 0}
    assert not LiteracyIndex.objects.exists()
    report = _import(PUBLISHED, commit=True, source="Perpusnas 2024")
    assert report.committed
    lombok = LiteracyIndex.objects.get(regency="44.10", year=2024)
    assert (lombok.value, lombok.category, lombok.province_id) == (Decimal("43.60"), "low", "44")
    province = LiteracyIndex.objects.get(province="44", regency__isnull=True)
    assert (province.value, province.category, province.source) == (
        Decimal("55.00"),
        "medium",
        "Perpusnas 2024",
    )


def test_a_reimport_is_unchanged_and_a_corrected_value_is_an_update(regions):
    _import(PUBLISHED, commit=True)
    again = _import(PUBLISHED, commit=True)
    assert again.counts[UNCHANGED] == 3 and not again.committed
    corrected = _import(PUBLISHED.replace("43,60", "44,10"), commit=True)
    assert (corrected.counts[UPDATE], corrected.counts[UNCHANGED]) == (1, 2)
    assert LiteracyIndex.objects.get(regency="44.10").value == Decimal("44.10")
    assert LiteracyIndex.objects.count() == 3


def test_one_bad_row_refuses_the_whole_file_with_row_errors(regions):
    bad = PUBLISHED + "4;9901;Kabupaten Entah;50;Sedang;2024\n5;4411;Kota Uji;101;Tinggi;2023\n"
    report = _import(bad, commit=True)
    assert not report.committed and not LiteracyIndex.objects.exists()
    errors = {m.row: str(m) for r in report.rows for m in r.messages if r.outcome == "error"}
    assert set(errors) == {8, 9}
    assert "99.01" in errors[8] and "Kode" in errors[8]
    assert "Nilai IPLM" in errors[9]


def test_the_command_previews_commits_and_exits_2_writing_nothing_on_a_bad_file(
    regions, tmp_path, capsys
):
    good = tmp_path / "iplm.csv"
    good.write_text(PUBLISHED, encoding="utf-8")
    call_command("import_indicators", str(good))
    assert not LiteracyIndex.objects.exists()
    call_command("import_indicators", str(good), "--commit")
    assert LiteracyIndex.objects.count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_text(PUBLISHED.replace("Rendah", "Lumayan").replace("71.25", "80"), "utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_indicators", str(bad), "--commit")
    assert exit_info.value.code == 2
    assert "Lumayan" in capsys.readouterr().out
    assert LiteracyIndex.objects.get(regency="44.11").value == Decimal("71.25")
    unusable = tmp_path / "x.csv"
    unusable.write_text("nama,alamat\nA,B\n", "utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_indicators", str(unusable), "--commit")
    assert error.value.returncode == 2 and "Nilai IPLM" in str(error.value)


def test_an_xlsx_without_a_year_column_takes_the_year_given(regions):
    book = Workbook()
    sheet = book.active
    sheet.append(["IPLM 2023"])
    sheet.append(["Kode", "Kabupaten/Kota", "Nilai IPLM", "Kategori"])
    sheet.append(["4410", "Kabupaten Lombok Uji", 41.5, "Sangat Rendah"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = indicators_import(
        user=system_user(), data=buffer.getvalue(), filename="iplm.xlsx", year=2023, commit=True
    )
    assert report.committed
    item = LiteracyIndex.objects.get()
    assert (item.year, item.value, item.category) == (2023, Decimal("41.50"), "very_low")


def test_only_national_staff_import_the_index(regions, client):
    coordinator = StaffFactory(groups=[COORDINATOR], scope="44")
    with pytest.raises(ImportRefused):
        indicators_import(user=coordinator, data=PUBLISHED.encode(), filename="iplm.csv")
    client.force_login(coordinator)
    assert client.get(reverse("admin:villages_literacyindex_import")).status_code == 403


def test_the_admin_imports_after_a_preview(regions, admin_client):
    upload = io.BytesIO(PUBLISHED.encode())
    upload.name = "iplm.csv"
    response = admin_client.post(
        reverse("admin:villages_literacyindex_import"), {"file": upload, "source": "Perpusnas"}
    )
    assert response.status_code == 302
    preview = admin_client.get(response["Location"])
    assert preview.status_code == 200 and "Kota Uji" in preview.content.decode()
    assert not LiteracyIndex.objects.exists()
    done = admin_client.post(response["Location"], {"confirm": "1"})
    assert done.status_code == 302
    assert LiteracyIndex.objects.filter(source="Perpusnas").count() == 3


def test_demo_regency_and_province_pages_show_the_index(demo, client):
    bali = client.get("/wilayah/51/").content.decode()
    assert "Indeks Pembangunan Literasi Masyarakat" in bali
    assert "Kota Denpasar" in bali and "80,17" in bali and "Tinggi" in bali
    badung = client.get("/en/wilayah/51.03/").content.decode()
    assert "Community literacy development index (IPLM)" in badung
    assert "74.95" in badung and "High" in badung and "2024" in badung
    assert "Sample values for the demo" in badung


def test_a_province_page_shows_its_regencies_with_the_same_queries_at_2_and_30(client):
    province = ProvinceFactory(code="45", name="Provinsi Banyak")
    counts = []
    for n in (2, 30):
        for i in range(len(counts) * 2, n):
            regency = RegencyFactory(province=province, code=f"45.{10 + i:02d}")
            LiteracyIndex.objects.create(
                province=province,
                regency=regency,
                year=2024,
                value=Decimal("50"),
                category="medium",
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/en/wilayah/45/").content.decode()
        counts.append(len(queries))
        assert page.count("45.") >= n
    assert counts[0] == counts[1]
