"""Private documents (issue 10): only PDF, JPEG and PNG judged by content, at most 10 MB, names
sanitised, stored through the storage API and served only to staff whose region holds the
record; the demo's Tabanan pages show the aid timeline."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.documents import sanitise_filename, validate_document
from portal.roles import COORDINATOR, roles_sync
from programs.models import Beneficiary, Delivery
from programs.services import beneficiaries_withdraw, beneficiary_propose
from tests.villages.factories import StaffFactory
from villages.models import Regency, VillageLibrary

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.LIBPORTAL_DOCUMENTS_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


def test_a_png_renamed_pdf_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("bast.pdf", PNG))
    assert "“bast.pdf” adalah berkas PNG, tetapi namanya berkata lain" in error.value.messages[0]


def test_a_pdf_over_ten_megabytes_is_refused_with_a_clear_message():
    big = SimpleUploadedFile("sk.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_document(big)
    assert "dokumen paling besar 10 MB" in error.value.messages[0]


def test_an_html_file_is_refused_whatever_its_name():
    for name in ("page.html", "page.pdf"):
        with pytest.raises(ValidationError) as error:
            validate_document(SimpleUploadedFile(name, b"<html><script>x</script></html>"))
        assert "bukan berkas PDF, JPEG, atau PNG" in error.value.messages[0]


def test_a_real_pdf_and_png_pass():
    validate_document(SimpleUploadedFile("sk.pdf", PDF))
    validate_document(SimpleUploadedFile("foto.PNG", PNG))


def test_names_are_sanitised():
    assert sanitise_filename("../../etc/SK Kepala (1).PDF") == "SK_Kepala_1.pdf"
    assert sanitise_filename("Berita Acara—Serah Terima.pdf") == "Berita_Acara_Serah_Terima.pdf"


def _tabanan_delivery() -> Delivery:
    return Delivery.objects.select_related("beneficiary__library").get(
        beneficiary__library__village_id="51.02.05.2004"
    )


def test_a_bast_is_downloadable_by_tabanan_and_refused_to_badung_and_the_public(demo, client):
    roles_sync()
    delivery = _tabanan_delivery()
    delivery.bast_file = SimpleUploadedFile("BAST Delod Peken.pdf", PDF)
    delivery.full_clean()
    delivery.save()
    url = delivery.bast_file.url
    assert url.startswith("/staf/dokumen/bast/") and url.endswith("-BAST_Delod_Peken.pdf")
    tabanan = StaffFactory(scope=Regency.objects.get(code="51.02"), groups=[COORDINATOR])
    badung = StaffFactory(scope=Regency.objects.get(code="51.03"), groups=[COORDINATOR])

    assert client.get(url).status_code == 404  # the public
    client.force_login(badung)
    assert client.get(url).status_code == 404
    client.force_login(tabanan)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_the_admin_refuses_a_png_named_pdf_as_the_bast(demo, client, superuser):
    client.force_login(superuser)
    delivery = _tabanan_delivery()
    url = f"/admin/programs/delivery/{delivery.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "beneficiary": delivery.beneficiary_id,
            "bast_number": delivery.bast_number,
            "delivered_on": "2021-09-01",
            "bast_file": SimpleUploadedFile("bast.pdf", PNG),
            "notes": "",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "adalah berkas PNG, tetapi namanya berkata lain" in response.content.decode()


def test_tabanan_library_pages_show_the_aid_timeline_without_documents(demo, client):
    for code in ("51.02.05.2004", "51.02.05.2005", "51.02.08.2010"):
        library = VillageLibrary.objects.get(village_id=code)
        page = client.get(library.get_absolute_url()).content.decode()
        assert "Linimasa" in page
        assert "Bantuan diterima: buku (jumlah tidak dilaporkan), 2 × komputer" in page
        assert "data contoh" in page  # the handover's number and date are sample data
        assert "Bimtek" in page and "hadir" in page
        assert "/staf/dokumen/" not in page and "BAST" not in page


def test_withdrawing_one_and_proposing_a_thirteenth_leaves_2021_at_eleven(demo, client):
    from core.system import system_user

    user = system_user()
    cycle = Beneficiary.objects.filter(cycle__year=2021).first().cycle
    bali_2021 = Beneficiary.objects.filter(cycle=cycle, library__province_id="51")
    before = Beneficiary.objects.public().filter(cycle=cycle).count()
    beneficiaries_withdraw(
        user=user,
        beneficiaries=[bali_2021.get(library__village_id="51.03.02.2009")],
        reason="tutup",
    )
    from villages.models import Village
    from villages.services import library_get_or_create

    village = Village.objects.select_related("regency").get(code="51.03.02.2010")
    beneficiary_propose(user=user, cycle=cycle, library=library_get_or_create(village=village)[0])
    assert bali_2021.count() == 13
    assert Beneficiary.objects.public().filter(cycle=cycle).count() == before - 1
    home = client.get("/").content.decode()
    assert f">{before - 1}<" in home
    region = client.get("/wilayah/51/").content.decode()
    assert "perpustakaan-desa-mengwi-badung" not in region.split("Replikasi")[0]
    response = client.get("/penerima-manfaat/unduh.csv?province=51&cycle=2021")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert csv.count("\n") == 1 + 11  # the header and Bali's eleven
