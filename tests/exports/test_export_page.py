"""The staff export page in the admin's look: large lists become background jobs with a
progress page, small ones download at once, named by their filters and the date; the event
autocomplete and the regency choices stay in the user's scope."""

import io

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.jobs.models import Job
from tests.jobs.helpers import run_queued_jobs

from .data import build_world

URL = "/staff/ekspor/"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def job_files_in_tmp(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@override_settings(LIBPORTAL_EXPORT_JOB_ROWS=5)
def test_a_large_list_becomes_a_job_whose_owner_downloads_the_xlsx(client, world, make_staff):
    user = make_staff("prov", level="province", province="40")
    client.force_login(user)
    response = client.get(URL, {"kind": "participants", "format": "xlsx", "event": "bimtek-uji"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:status", args=[job.pk])
    assert (job.owner, job.status, job.params["filters"]) == (
        user,
        "queued",
        {"event": "bimtek-uji"},
    )
    page = client.get(response.url)
    assert b"<progress" in page.content and b"progres.json" in page.content

    assert run_queued_jobs() == 1
    state = client.get(reverse("jobs:progress", args=[job.pk])).json()
    assert (state["status"], state["done"], state["total"], state["percent"]) == (
        "done",
        14,
        14,
        100,
    )
    download = client.get(state["download_url"])
    today = timezone.localdate().isoformat()
    assert f'filename="peserta-bimtek-uji-{today}.xlsx"' in download["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(_body(download))).active
    names = {cell for row in sheet.iter_rows(min_row=2, values_only=True) for cell in row}
    assert "Orang Kabupaten Dua" in names and "Orang Provinsi Lain" not in names  # scope applied
    assert sheet.max_row == 15  # header + 14 rows of province 40


def test_a_small_list_downloads_at_once_named_by_its_event_and_date(client, world, make_staff):
    client.force_login(make_staff("nat", level="national"))
    response = client.get(URL, {"kind": "participants", "format": "csv", "event": "bimtek-uji"})
    today = timezone.localdate().isoformat()
    assert response.status_code == 200 and not Job.objects.exists()
    assert f'filename="peserta-bimtek-uji-{today}.csv"' in response["Content-Disposition"]


def test_the_page_is_in_the_admin_with_the_columns_of_each_list(client, world, make_staff):
    client.force_login(make_staff("nat", level="national"))
    body = client.get(URL, {"kind": "beneficiaries"}).content.decode()
    assert 'class="breadcrumbs"' in body and reverse("admin:index") in body
    assert 'data-list="participants"' in body and 'data-list="beneficiaries"' in body
    assert "admin-autocomplete" in body and reverse("staff-export-events") in body


def test_a_column_of_the_other_list_is_refused_by_name(client, world, make_staff):
    client.force_login(make_staff("nat", level="national"))
    response = client.get(
        URL,
        {"kind": "beneficiaries", "format": "csv", "columns": ["days_attended"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "days_attended" in response.content.decode()


def test_regencies_follow_the_province_within_scope(client, world, make_staff):
    client.force_login(make_staff("prov", level="province", province="40"))
    url = reverse("staff-export-regencies")
    codes = [r["id"] for r in client.get(url, {"province": "40"}).json()["results"]]
    assert codes == ["40.10", "40.11"]
    assert client.get(url, {"province": "41"}).json()["results"] == []  # not theirs
    form = client.get(URL, {"province": "40"}).content.decode()
    assert 'value="40.10"' in form and 'value="41.10"' not in form


def test_event_autocomplete_finds_only_events_in_scope(client, world, make_staff):
    from tests.trainings.factories import TrainingEventFactory

    TrainingEventFactory(province=world["prov_a"].__class__.objects.get(code="41"), slug="lain")
    client.force_login(make_staff("prov", level="province", province="40"))
    found = client.get(reverse("staff-export-events"), {"term": ""}).json()["results"]
    assert [e["id"] for e in found] == ["bimtek-uji"]
    client.force_login(make_staff("nat", level="national"))
    found = client.get(reverse("staff-export-events"), {"term": "lain"}).json()["results"]
    assert [e["id"] for e in found] == ["lain"]


@pytest.mark.parametrize("events", [1, 40])
def test_the_page_and_the_event_lookup_take_a_bounded_number_of_queries(
    client, world, make_staff, django_assert_max_num_queries, events
):
    from tests.trainings.factories import TrainingEventFactory

    TrainingEventFactory.create_batch(events - 1, province=world["prov_a"])
    client.force_login(make_staff("nat", level="national"))
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(8):
        found = client.get(reverse("staff-export-events")).json()
    assert len(found["results"]) == min(events, 20) and found["pagination"]["more"] == (events > 20)
