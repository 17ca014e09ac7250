import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from .data import build_world

URL = "/staff/ekspor/"


@pytest.fixture
def world(db):
    return build_world()


def download(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_url_name():
    assert reverse("staff-export") == URL


def test_anonymous_visitor_is_sent_to_log_in(client, world):
    response = client.get(URL, {"kind": "participants", "format": "csv"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_non_staff_user_is_refused(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_user("warga", password="x-Password-123"))
    assert client.get(URL).status_code == 403


def test_staff_sees_the_form(client, world, make_staff):
    client.force_login(make_staff("prov", level="province", province="40"))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="format"' in body and 'name="columns"' in body
    assert 'value="phone"' not in body  # no contacts permission: not even offered


def test_province_coordinator_downloads_a_streamed_csv_without_other_provinces(
    client, world, make_staff
):
    client.force_login(make_staff("prov", level="province", province="40"))
    response = client.get(URL, {"kind": "participants", "format": "csv"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    today = timezone.localdate().isoformat()
    assert f'filename="peserta-{today}.csv"' in response["Content-Disposition"]
    text = download(response).decode("utf-8-sig")
    assert "I Gusti Ngurah Oka" in text and "Orang Kabupaten Dua" in text
    assert "Orang Provinsi Lain" not in text
    assert "No. HP" not in text.splitlines()[0]


def test_xlsx_and_pdf_downloads(client, world, make_staff):
    client.force_login(make_staff("nat", level="national"))
    response = client.get(URL, {"kind": "participants", "format": "xlsx", "event": "bimtek-uji"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download(response)[:2] == b"PK"
    response = client.get(URL, {"kind": "participants", "format": "pdf", "event": "bimtek-uji"})
    assert response["Content-Type"] == "application/pdf"
    assert download(response)[:5] == b"%PDF-"


def test_beneficiaries_semicolon_csv(client, world, make_staff):
    from tests.programs.factories import BeneficiaryFactory

    BeneficiaryFactory(cycle=world["cycle"], library=world["person_b"].library)
    client.force_login(make_staff("nat", level="national"))
    response = client.get(URL, {"kind": "beneficiaries", "format": "csv-semicolon"})
    rows = list(csv.reader(io.StringIO(download(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Perpustakaan" and len(rows) == 2


def test_bad_input_shows_the_form_again_with_the_reason(client, world, make_staff):
    client.force_login(make_staff("nat", level="national"))
    response = client.get(
        URL,
        {"kind": "participants", "format": "csv", "event": "tidak-ada"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "tidak-ada" in response.content.decode()
    response = client.get(URL, {"kind": "participants", "format": "docx"})
    assert response.status_code == 400


def test_contacts_column_offered_and_exported_only_with_the_permission(client, world, make_staff):
    client.force_login(make_staff("kontak", level="national", contacts=True))
    assert 'value="phone"' in client.get(URL).content.decode()
    response = client.get(
        URL, {"kind": "participants", "format": "csv", "columns": ["name", "phone"]}
    )
    header = download(response).decode("utf-8-sig").splitlines()[0]
    assert header == "Nama,No. HP"
