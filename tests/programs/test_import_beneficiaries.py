"""`import_beneficiaries` (issue 10): a decree's annex as offices publish it (title rows,
numbered rows, province / regency / district / village / library columns), matched by name
within the region or by code; preview, per-row errors, duplicates, all or nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from programs.models import Beneficiary, ProgramCycle
from villages.models import VillageLibrary

ANNEX = """LAMPIRAN KEPUTUSAN KEPALA PERPUSTAKAAN NASIONAL REPUBLIK INDONESIA
NOMOR B.491/14/PPM00.00/1.2024 (contoh)
PERPUSTAKAAN DESA/KELURAHAN PENERIMA MANFAAT PROGRAM TPBIS TAHUN 2023
,,,,,
No,Provinsi,Kabupaten/Kota,Kecamatan,Desa/Kelurahan,Nama Perpustakaan
1,Bali,Kabupaten Tabanan,Tabanan,Delod Peken,Perpustakaan Desa Delod Peken
2,Bali,Kab. Tabanan,Penebel,Penebel,Perpustakaan Desa Penebel
3,Bali,Kabupaten Badung,Mengwi,Mengwi,
4,Bali,Kabupaten Tabanan,Selemadeg,Bajera,
5,Bali,Kabupaten Klungkung,,,Perpustakaan Kabupaten Klungkung
6,Bali,,,,Perpustakaan Provinsi Bali
7,Bali,Kabupaten Tabanan,Tabanan,Delod Peken,Perpustakaan Desa Delod Peken
"""


@pytest.fixture
def annex(tmp_path, demo):
    from tests.programs.factories import ProgramCycleFactory

    ProgramCycleFactory(program=ProgramCycle.objects.get(year=2021).program, year=2023)
    path = tmp_path / "lampiran-sk-2023.csv"
    path.write_text(ANNEX, encoding="utf-8")
    return path


def _count():
    return Beneficiary.objects.filter(cycle__year=2023).count(), VillageLibrary.objects.count()


def run(*args: str) -> None:
    with translation.override("en"):
        call_command("import_beneficiaries", "--cycle", *args, language="en")


def test_a_dry_run_prints_the_counts_and_writes_nothing(annex, capsys):
    before = _count()
    run("2023", str(annex))
    out = capsys.readouterr().out
    assert "6 new, 1 duplicate, 0 with errors (cycle 2023)." in out
    assert "row 12: the same library as row 6." in out  # the repeated Delod Peken
    assert "Preview only: nothing written" in out
    assert _count() == before


def test_a_commit_writes_three_levels_and_a_second_commit_writes_nothing(annex, capsys):
    libraries = VillageLibrary.objects.count()
    run("2023", str(annex), "--commit")
    assert "Written: 6 beneficiaries, 1 libraries created." in capsys.readouterr().out
    rows = Beneficiary.objects.filter(cycle__year=2023).select_related("library")
    assert rows.count() == 6
    assert {b.library.level for b in rows} == {"village", "regency", "province"}
    assert all(b.status == "selected" for b in rows)
    assert {b.library.region_code for b in rows} == {
        "51.02.05.2004",
        "51.02.08.2010",
        "51.03.02.2009",
        "51.02.01.2001",
        "51.05",
        "51",
    }
    # Klungkung had no regency library: created (the demo has Bali's and Bajera's already).
    assert VillageLibrary.objects.count() == libraries + 1
    assert rows.first().history.first().history_change_reason == "import: decree annex"
    before = _count()
    run("2023", str(annex), "--commit")
    out = capsys.readouterr().out
    assert "0 new, 7 duplicate, 0 with errors" in out and "Nothing written." in out
    assert _count() == before


def test_a_bad_file_exits_2_and_writes_nothing(annex, tmp_path):
    before = _count()
    bad = tmp_path / "lampiran.csv"
    bad.write_text("Judul saja\nNama,Alamat\nA,B\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_beneficiaries", "--cycle", "2023", str(bad), "--commit", language="en")
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        call_command(
            "import_beneficiaries", "--cycle", "1999", str(annex), "--commit", language="en"
        )
    assert error.value.returncode == 2
    assert _count() == before


def test_a_row_error_exits_1_names_row_and_column_and_strict_writes_nothing(
    annex, tmp_path, capsys
):
    path = tmp_path / "lampiran.csv"
    path.write_text(ANNEX.replace("Badung,Mengwi,Mengwi", "Badung,Mengwi,Desa Tak Ada"))
    before = _count()
    with pytest.raises(SystemExit) as exit_:
        run("2023", str(path), "--commit", "--strict")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "row 8, column Desa/Kelurahan: no village called “Desa Tak Ada”" in out
    assert _count() == before


def test_a_regency_coordinator_may_not_import_an_annex(annex):
    from portal.roles import COORDINATOR, roles_sync
    from tests.villages.factories import StaffFactory
    from villages.models import Regency

    roles_sync()
    StaffFactory(username="kab", scope=Regency.objects.get(code="51.02"), groups=[COORDINATOR])
    with pytest.raises(CommandError) as error:
        call_command(
            "import_beneficiaries", "--cycle", "2023", str(annex), "--user", "kab", language="en"
        )
    assert error.value.returncode == 2
