"""The admin's import pages: upload → preview → confirm, for the roles that may and may not."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trainings.models import Participant
from villages.models import UserScope

from .files import HEADER, bad_files, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

# The admin speaks Indonesian (the default language, whatever the browser says): messages are
# checked through the page's context (row, column, value), not by their wording.


def upload_url(event):
    return reverse("admin:trainings_trainingevent_import", args=[event.pk])


def good_file():
    return xlsx_bytes(
        [
            ["DAFTAR PESERTA"],
            HEADER,
            [
                "NI LUH GEDE SARINING",
                "P",
                "Pustakawan",
                "51.05.04.2010",
                "",
                "",
                "",
                "0812-7777-0001",
                "",
            ],
            ["I Made Suarsa", "L", "", "", "Desa Mengwi", "Kec. Mengwi", "Kab. Badung", "", ""],
            ["Salah", "X", "", "51.05.04.2010", "", "", "", "", ""],
        ]
    )


def post_upload(client, event, data, name="peserta.xlsx", **options):
    return client.post(
        upload_url(event), {"event": event.pk, "file": SimpleUploadedFile(name, data), **options}
    )


def test_event_page_and_participant_list_link_to_the_import(admin_client, demo):
    page = admin_client.get(reverse("admin:trainings_trainingevent_change", args=[demo.event.pk]))
    assert upload_url(demo.event) in page.content.decode()
    listing = admin_client.get(reverse("admin:trainings_participant_changelist"))
    assert reverse("admin:trainings_trainingevent_import_start") in listing.content.decode()


def test_upload_preview_confirm_writes_the_valid_rows_once(admin_client, demo):
    before = Participant.objects.count()
    response = post_upload(admin_client, demo.event, good_file())
    assert response.status_code == 302
    preview_url = response["Location"]
    page = admin_client.get(preview_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert Participant.objects.count() == before  # the preview writes nothing
    assert "Ni Luh Gede Saraning" not in html and "Ni Luh Gede Sarining" in html
    report = page.context["report"]
    assert [r.outcome for r in report.rows] == ["new", "new", "error"]
    (message,) = report.rows[2].messages
    assert (message.row, message.column) == (5, "Jenis Kelamin") and "“X”" in message.text
    assert str(message) in html  # "baris 5, kolom Jenis Kelamin: “X” …" in Indonesian
    assert 'name="confirm"' in html
    assert "<style" not in html and " style=" not in html  # the CSP allows no inline styles

    done = admin_client.post(preview_url, {"confirm": "1"})
    assert done.status_code == 302
    assert Participant.objects.count() == before + 2
    # The stored upload is gone: confirming twice (or replaying the POST) writes nothing more.
    again = admin_client.post(preview_url, {"confirm": "1"})
    assert again.status_code == 404
    assert Participant.objects.count() == before + 2


def test_a_preview_token_from_another_session_is_refused(
    admin_client, client, demo, django_user_model
):
    response = post_upload(admin_client, demo.event, good_file())
    other = django_user_model.objects.create_superuser("other", "o@example.org", "x-Password-123")
    client.force_login(other)
    assert client.post(response["Location"], {"confirm": "1"}).status_code == 404
    assert not Participant.objects.filter(full_name="Ni Luh Gede Sarining").exists()


def test_cancel_writes_nothing(admin_client, demo):
    before = Participant.objects.count()
    response = post_upload(admin_client, demo.event, good_file())
    assert admin_client.post(response["Location"], {"cancel": "1"}).status_code == 302
    assert Participant.objects.count() == before


def test_no_bad_upload_gives_a_500_or_writes_anything(admin_client, demo):
    before = Participant.objects.count()
    for kind, (filename, data) in sorted(bad_files().items()):
        response = post_upload(admin_client, demo.event, data, name=filename, strict="on")
        assert response.status_code in (200, 302), kind
        if response.status_code == 302:  # readable: the rows' errors are in the preview
            page = admin_client.get(response["Location"], follow=True)
            assert page.status_code == 200, kind
            admin_client.post(response["Location"], {"confirm": "1"})
        else:
            assert "errorlist" in response.content.decode(), kind
        assert Participant.objects.count() == before, kind


def test_template_files_carry_the_shared_headers(admin_client):
    import io

    import openpyxl

    xlsx = admin_client.get(reverse("admin:trainings_trainingevent_import_template", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert list(header) == [
        "Nama",
        "Jenis Kelamin",
        "Jabatan",
        "Kode Desa",
        "Desa",
        "Kecamatan",
        "Kabupaten",
        "No. HP",
        "Email",
    ]
    csv_file = admin_client.get(
        reverse("admin:trainings_trainingevent_import_template", args=["csv"])
    )
    assert csv_file.content.decode("utf-8-sig").splitlines()[0] == ",".join(header)


def _coordinator(django_user_model, regency, *, perms=True):
    user = django_user_model.objects.create_user(
        "koordinator", password="x-Password-123", is_staff=True
    )
    UserScope.objects.create(
        user=user, level=UserScope.Level.REGENCY, province_id=regency[:2], regency_id=regency
    )
    if perms:
        user.user_permissions.add(
            *Permission.objects.filter(
                codename__in=[
                    "add_participant",
                    "change_participant",
                    "view_participant",
                    "view_trainingevent",
                ]
            )
        )
    return user


def test_regency_coordinator_imports_only_their_regencys_rows(client, demo, django_user_model):
    client.force_login(_coordinator(django_user_model, "51.05"))
    response = post_upload(client, demo.event, good_file())
    assert response.status_code == 302
    report = client.get(response["Location"]).context["report"]
    assert report.rows[1].outcome == "error"  # Mengwi is in Badung, not Klungkung
    assert "51.03.02.2009" in report.rows[1].message_texts[0]
    client.post(response["Location"], {"confirm": "1"})
    assert Participant.objects.filter(full_name="Ni Luh Gede Sarining").exists()
    assert not Participant.objects.filter(
        full_name="I Made Suarsa", library__village_id="51.03.02.2009"
    ).exists()


def test_staff_without_the_participant_permissions_may_not_import(client, demo, django_user_model):
    client.force_login(_coordinator(django_user_model, "51.05", perms=False))
    assert client.get(upload_url(demo.event)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, demo):
    response = client.get(upload_url(demo.event))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_event_outside_the_region_is_not_found(client, demo, django_user_model):
    from tests.villages.factories import RegencyFactory

    client.force_login(_coordinator(django_user_model, RegencyFactory().code))
    assert client.get(upload_url(demo.event)).status_code == 404


def test_csv_upload_and_the_choose_event_page(admin_client, demo):
    start = reverse("admin:trainings_trainingevent_import_start")
    assert admin_client.get(start).status_code == 200
    data = csv_bytes(
        [HEADER, ["Ni Komang Ayu", "P", "", "51.05.04.2010", "", "", "", "", ""]], delimiter=";"
    )
    response = admin_client.post(
        start, {"event": demo.event.pk, "file": SimpleUploadedFile("p.csv", data)}
    )
    assert response.status_code == 302
    admin_client.post(response["Location"], {"confirm": "1"})
    assert Participant.objects.filter(full_name="Ni Komang Ayu", event=demo.event).count() == 1


def test_the_xlsx_template_keeps_its_instructions_sheet(admin_client):
    import io

    import openpyxl

    xlsx = admin_client.get(reverse("admin:trainings_trainingevent_import_template", args=["xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(workbook.worksheets) == 2
    instructions = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert any("51.03.02.2009" in line for line in instructions)
    # The privacy notice travels with the sheet to whoever fills it in (UU PDP).
    assert any("/privasi/" in line for line in instructions)
    assert xlsx["Content-Disposition"].startswith('attachment; filename="')
    assert (
        admin_client.get(
            reverse("admin:trainings_trainingevent_import_template", args=["pdf"])
        ).status_code
        == 404
    )
