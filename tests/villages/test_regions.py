import gzip
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from villages.models import District, Province, Regency, Village
from villages.regions import DATA_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The commands speak Indonesian by default (LANGUAGE_CODE); these tests read the English
    source messages."""
    with translation.override("en"):
        yield


def counts() -> tuple[int, int, int, int]:
    return (
        Province.objects.count(),
        Regency.objects.count(),
        District.objects.count(),
        Village.objects.count(),
    )


def write_gz(folder: Path, name: str, text: str) -> None:
    with gzip.open(folder / name, "wt", encoding="utf-8", newline="") as handle:
        handle.write(text)


@pytest.fixture
def small_data(tmp_path):
    """A slice of the official list: Bali's Badung with two districts and four villages."""
    write_gz(tmp_path, "provinces.csv.gz", "code,name\n51,Bali\n")
    write_gz(tmp_path, "regencies.csv.gz", "code,province_code,name\n51.03,51,Kabupaten Badung\n")
    write_gz(
        tmp_path,
        "districts.csv.gz",
        "code,regency_code,name\n51.03.02,51.03,Mengwi\n51.03.05,51.03,Kuta Selatan\n",
    )
    write_gz(
        tmp_path,
        "villages.csv.gz",
        "code,district_code,name\n"
        "51.03.02.2009,51.03.02,Mengwi\n51.03.02.2008,51.03.02,Baha\n"
        "51.03.05.2003,51.03.05,Kutuh\n51.03.05.1001,51.03.05,Benoa\n",
    )
    return tmp_path


def test_load_regions_on_a_slice_derives_parents_and_kind(small_data, capsys):
    call_command("load_regions", data_dir=small_data, language="en")
    assert counts() == (1, 1, 2, 4)
    kutuh = Village.objects.get(code="51.03.05.2003")
    assert (kutuh.district_id, kutuh.regency_id, kutuh.province_id) == ("51.03.05", "51.03", "51")
    assert kutuh.kind == Village.Kind.DESA
    assert Village.objects.get(code="51.03.05.1001").kind == Village.Kind.KELURAHAN
    assert "4 created" in capsys.readouterr().out


def test_second_run_changes_nothing_and_says_so(small_data, capsys):
    call_command("load_regions", data_dir=small_data, language="en")
    capsys.readouterr()
    call_command("load_regions", data_dir=small_data, language="en")
    out = capsys.readouterr().out
    assert "No change" in out
    assert "0 created" in out and "0 updated" in out


def test_a_renamed_village_is_updated_not_duplicated(small_data, capsys):
    call_command("load_regions", data_dir=small_data, language="en")
    write_gz(
        small_data,
        "villages.csv.gz",
        "code,district_code,name\n51.03.02.2009,51.03.02,Mengwi Baru\n51.03.02.2008,51.03.02,Baha\n"
        "51.03.05.2003,51.03.05,Kutuh\n51.03.05.1001,51.03.05,Benoa\n",
    )
    call_command("load_regions", data_dir=small_data, language="en")
    assert Village.objects.get(code="51.03.02.2009").name == "Mengwi Baru"
    assert "1 updated" in capsys.readouterr().out
    assert counts() == (1, 1, 2, 4)


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("villages.csv.gz", "kode,kecamatan,nama\n", "expected the header"),
        ("villages.csv.gz", "code,district_code,name\n51.03.02.20X9,51.03.02,Mengwi\n", "line 2"),
        (
            "villages.csv.gz",
            "code,district_code,name\n51.03.02.2009,51.03.05,Mengwi\n",
            "does not belong",
        ),
        (
            "villages.csv.gz",
            "code,district_code,name\n51.03.09.2009,51.03.09,Nowhere\n",
            "not in the list",
        ),
        (
            "villages.csv.gz",
            "code,district_code,name\n51.03.02.2009,51.03.02\n",
            "expected 3 columns",
        ),
        ("districts.csv.gz", "code,regency_code,name\n51.03.02,51.03,\n", "name is empty"),
    ],
)
def test_a_malformed_file_stops_with_a_clear_message_and_writes_nothing(
    small_data, filename, content, message
):
    write_gz(small_data, filename, content)
    with pytest.raises(CommandError, match=message):
        call_command("load_regions", data_dir=small_data, language="en")
    assert counts() == (0, 0, 0, 0)


def test_a_file_that_is_not_gzip_is_reported(small_data):
    (small_data / "regencies.csv.gz").write_bytes(b"this is not gzip")
    with pytest.raises(CommandError, match="regencies.csv.gz cannot be read"):
        call_command("load_regions", data_dir=small_data, language="en")
    assert counts() == (0, 0, 0, 0)


def test_a_missing_file_is_reported(small_data):
    (small_data / "districts.csv.gz").unlink()
    with pytest.raises(CommandError, match="File not found"):
        call_command("load_regions", data_dir=small_data, language="en")
    assert counts() == (0, 0, 0, 0)


def test_unknown_province_is_refused(small_data):
    with pytest.raises(CommandError, match="no province with the code 99"):
        call_command("load_regions", data_dir=small_data, province="99", language="en")


def test_one_province_of_the_shipped_list():
    call_command("load_regions", province="51", language="en")
    assert Province.objects.get().name == "Bali"
    assert Regency.objects.count() == 9
    assert not Village.objects.exclude(code__startswith="51.").exists()
    assert Village.objects.filter(name="Kutuh").count() == 2  # 51.03.05.2003 and 51.06.04.2044


def test_the_whole_shipped_list_loads_once_and_only_once(capsys):
    call_command("load_regions", language="en")
    assert counts() == (38, 514, 7285, 83762)
    capsys.readouterr()
    call_command("load_regions", language="en")
    assert "No change" in capsys.readouterr().out
    assert counts() == (38, 514, 7285, 83762)


def test_shipped_data_keeps_its_licence():
    assert (DATA_DIR / "LICENSE-ODbL.md").exists()
