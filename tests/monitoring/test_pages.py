"""The staff form, the admin list and the rates page: who gets what, and bounded queries."""

import datetime

import pytest
from django.urls import reverse

from monitoring.models import MonthlyReport

MENGWI = "perpustakaan-desa-mengwi-badung"
TABANAN_LIBRARY = "perpustakaan-desa-kukuh-tabanan"


def _post(month_url, client, **extra):
    data = {
        "visitors_women": "14",
        "visitors_men": "9",
        "new_members": "2",
        "loans": "31",
        "computer_sessions": "5",
        "internet_sessions": "7",
        "collection_added": "0",
        "notes": "",
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "60",
        "activities-0-date": "2026-11-05",
        "activities-0-kind": "reading",
        "activities-0-title": "Dongeng",
        "activities-0-participants_women": "6",
        "activities-0-participants_men": "4",
        "activities-0-partners": "SD 1",
        **extra,
    }
    return client.post(month_url, data)


def test_coordinator_saves_a_draft_then_submits(client, reports, badung_coordinator):
    client.force_login(badung_coordinator)
    months = client.get(reverse("monitoring:library-months", args=[MENGWI]))
    assert months.status_code == 200
    assert "November 2026" in months.content.decode() or "November" in months.content.decode()
    url = reverse("monitoring:report-edit", args=[MENGWI, "2026-11"])
    assert client.get(url).status_code == 200
    response = _post(url, client, save="1")
    assert response.status_code == 302
    report = MonthlyReport.objects.get(library__slug=MENGWI, month=datetime.date(2026, 11, 1))
    assert (report.status, report.visitors_women, report.activities_total) == ("draft", 14, 1)
    added = _post(url, client, add_row="1")
    assert added.status_code == 200 and 'name="activities-1-title"' in added.content.decode()
    assert _post(url, client, submit="1").status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_by == badung_coordinator


def test_negative_number_is_a_form_error_not_a_500(client, reports, badung_coordinator):
    client.force_login(badung_coordinator)
    url = reverse("monitoring:report-edit", args=[MENGWI, "2026-11"])
    response = _post(url, client, save="1", visitors_women="-3")
    assert response.status_code == 400
    assert not MonthlyReport.objects.filter(month=datetime.date(2026, 11, 1)).exists()


def test_other_regions_library_is_404_and_no_role_is_403(
    client, reports, tabanan_coordinator, django_user_model
):
    client.force_login(tabanan_coordinator)
    assert client.get(reverse("monitoring:library-months", args=[MENGWI])).status_code == 404
    url = reverse("monitoring:report-edit", args=[MENGWI, "2026-11"])
    assert _post(url, client, save="1").status_code == 404
    staff = django_user_model.objects.create_user("no-role", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("monitoring:report-home")).status_code == 403
    client.logout()
    assert client.get(reverse("monitoring:report-home")).status_code == 302  # to the login


@pytest.mark.parametrize("name", ["changelist", "rates"])
def test_admin_pages_bounded(admin_client, reports, name, django_assert_max_num_queries):
    url = reverse(f"admin:monitoring_monthlyreport_{name}")
    with django_assert_max_num_queries(25):
        response = admin_client.get(url)
    assert response.status_code == 200
    if name == "rates":
        body = response.content.decode()
        assert "Bali" in body and 'id="missing-reports"' in body


def test_coordinator_approves_in_the_admin(client, reports, badung_coordinator):
    client.force_login(badung_coordinator)
    submitted = MonthlyReport.objects.filter(status="submitted", library__regency_id="51.03")
    pks = list(submitted.values_list("pk", flat=True))
    assert pks
    response = client.post(
        reverse("admin:monitoring_monthlyreport_changelist"),
        {"action": "approve", "_selected_action": pks},
    )
    assert response.status_code == 302
    assert not MonthlyReport.objects.filter(pk__in=pks).exclude(status="approved").exists()


def test_photo_is_judged_by_its_bytes(client, reports, badung_coordinator, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.LIBPORTAL_DOCUMENTS_ROOT = str(tmp_path)  # private files of this test only

    from monitoring.models import ReportPhoto

    client.force_login(badung_coordinator)
    url = reverse("monitoring:report-edit", args=[MENGWI, "2026-11"])
    fake = SimpleUploadedFile("kegiatan.png", b"not an image at all", content_type="image/png")
    assert _post(url, client, save="1", photo=fake).status_code == 400
    assert not ReportPhoto.objects.exists()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    real = SimpleUploadedFile("kegiatan.png", png, content_type="image/png")
    assert _post(url, client, save="1", photo=real, photo_caption="Dongeng").status_code == 302
    photo = ReportPhoto.objects.get()
    assert (photo.caption, photo.is_public) == ("Dongeng", False)
    assert photo.image.path.startswith(str(tmp_path))
