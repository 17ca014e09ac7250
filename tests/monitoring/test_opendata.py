"""The open-data dataset of monthly reports: one row per approved report, counts only (no notes,
no people), and the CSV, the JSON download and the API say the same thing."""

import csv
import io
import json

import pytest
from django.urls import reverse

from monitoring.models import MonthlyReport
from portal.opendata import DATASETS_BY_SLUG, dictionary_rows
from tests.villages.factories import VillageLibraryFactory

SLUG = "laporan-bulanan"
PRIVATE_WORDS = (
    "note",
    "catatan",
    "photo",
    "foto",
    "phone",
    "email",
    "submitted_by",
    "approved_by",
)


def _csv(client) -> list[dict[str, str]]:
    response = client.get(reverse("opendata-csv", args=[SLUG]))
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need for UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _json(client) -> dict:
    response = client.get(reverse("opendata-json", args=[SLUG]))
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def _api(client) -> list[dict]:
    rows, url = [], "/api/v1/reports?limit=50"
    while url:
        body = client.get(url).json()
        rows += body["items"]
        url = body["page"]["next"]
    return rows


def test_csv_has_one_row_per_approved_report_and_no_private_column(client, reports):
    approved = MonthlyReport.objects.filter(status="approved")
    assert approved.count() < MonthlyReport.objects.count()  # the demo has unapproved ones
    rows = _csv(client)
    assert len(rows) == approved.count() > 0
    headers = [h.lower() for h in rows[0]]
    assert not [h for h in headers if any(word in h for word in PRIVATE_WORDS)]
    report = approved.select_related("library").order_by("pk").first()
    match = [
        r
        for r in rows
        if r["Identifier"] == report.library.slug and r["Month"] == f"{report.month:%Y-%m}"
    ]
    assert len(match) == 1
    assert int(match[0]["Loans"]) == report.loans
    assert int(match[0]["Visitors (women)"]) == report.visitors_women
    assert {r["Status"] for r in rows} == {"approved"}
    text = "\n".join(",".join(r.values()) for r in rows)
    for notes in approved.exclude(notes="").values_list("notes", flat=True)[:5]:
        assert notes not in text


def test_json_and_api_agree_with_the_csv(client, reports):
    csv_rows = _csv(client)
    document = _json(client)
    assert [c["key"] for c in document["columns"]][:2] == ["month", "slug"]
    api_rows = _api(client)
    assert len(document["rows"]) == len(api_rows) == len(csv_rows)
    key = lambda r: (r["month"], r["slug"])  # noqa: E731
    assert sorted(document["rows"], key=key) == sorted(api_rows, key=key)
    assert sum(r["loans"] for r in api_rows) == sum(int(r["Loans"]) for r in csv_rows)
    september = client.get("/api/v1/reports?month=2026-09&regency=51.03").json()["items"]
    assert september and {(r["month"], r["regency_code"]) for r in september} == {
        ("2026-09", "51.03")
    }


def test_a_reopened_report_leaves_the_open_data(client, reports):
    before = len(_api(client))
    first = MonthlyReport.objects.filter(status="approved").order_by("pk").first()
    MonthlyReport.objects.filter(pk=first.pk).update(
        status="draft", submitted_at=None, approved_at=None
    )
    assert len(_api(client)) == before - 1


def test_a_bad_month_is_a_422_naming_it(client, db):
    response = client.get("/api/v1/reports?month=2026-13")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["location"] == "query.month"


def test_the_dictionary_explains_every_column_in_both_languages(client, reports):
    rows = dictionary_rows(DATASETS_BY_SLUG[SLUG])
    assert all(r["meaning_id"] and r["meaning_en"] for r in rows)
    status = next(r for r in rows if r["key"] == "status")
    assert "approved" in status["meaning_en"]
    assert status["meaning_id"] != status["meaning_en"]
    page = client.get(reverse("opendata")).content.decode()
    assert f"/data/{SLUG}.csv" in page or f"{SLUG}.csv" in page


@pytest.mark.parametrize("n", [1, 30])
def test_the_endpoint_and_csv_run_a_bounded_number_of_queries(
    client, db, django_assert_max_num_queries, n
):
    import datetime

    for index in range(n):
        MonthlyReport.objects.create(
            library=VillageLibraryFactory(),
            month=datetime.date(2026, 1 + index % 9, 1),
            status="approved",
            loans=index,
        )
    with django_assert_max_num_queries(3):
        items = client.get("/api/v1/reports").json()["items"]
    assert len(items) == n
    with django_assert_max_num_queries(3):
        assert len(_csv(client)) == n
