"""Public aggregates: the library page's 12 months (table and server-drawn SVG), the region
pages' reporting rate and totals; no names, no contacts; bounded queries at two sizes."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from monitoring.models import MonthlyReport
from tests.villages.factories import VillageLibraryFactory

from .conftest import TODAY

MENGWI = "perpustakaan-desa-mengwi-badung"


@pytest.fixture(autouse=True)
def fixed_today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def test_library_page_shows_12_months_and_a_sparkline(client, reports):
    body = client.get(reverse("villages:library-detail", args=[MENGWI])).content.decode()
    assert 'id="monthly-figures"' in body and "<polyline points=" in body
    approved = MonthlyReport.objects.filter(
        library__slug=MENGWI, status="approved", month__gte=datetime.date(2025, 11, 1)
    )
    first = approved.order_by("month").first()
    assert (
        f"{first.visitors_women + first.visitors_men:,}".replace(",", ".") in body
        or str(first.visitors_women + first.visitors_men) in body
    )
    assert "<script" not in body.split('id="monthly-heading"')[1].split("</section>")[0]
    assert "Data contoh" not in body  # notes stay private


def test_region_pages_show_the_reporting_rate(client, reports):
    for code, expected in (("51.03", 5), ("51.05", 4), ("51.02", 3), ("51", 12)):
        body = client.get(reverse("villages:region-detail", args=[code])).content.decode()
        assert 'id="region-reporting"' in body, code
        assert f"/ {expected})" in body, code


@pytest.mark.parametrize("extra", [0, 60])
def test_public_pages_bounded(client, reports, extra, django_assert_max_num_queries):
    """More libraries and reports in the province change no query count."""
    if extra:
        mengwi = MonthlyReport.objects.filter(library__slug=MENGWI).first().library
        libraries = [
            VillageLibraryFactory(
                village=mengwi.village.__class__.objects.filter(regency_id="51.03").exclude(
                    pk=mengwi.village_id
                )[i]
            )
            for i in range(extra // 12)
        ]
        MonthlyReport.objects.bulk_create(
            MonthlyReport(
                library=lib,
                month=datetime.date(2026, m, 1),
                due_on=datetime.date(2026, m + 1, 10),
                status="approved",
            )
            for lib in libraries
            for m in range(1, 11)
        )
    with django_assert_max_num_queries(30):
        assert client.get(reverse("villages:region-detail", args=["51"])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("villages:library-detail", args=[MENGWI])).status_code == 200


def test_dashboard_reporting_figure_matches_the_rates(reports):
    from monitoring.rates import rates
    from portal.dashboard.figures import Filters, reporting_by
    from villages.models import VillageLibrary

    month = datetime.date(2026, 10, 1)
    expected = {
        r.region: round(100 * r.received / r.expected)
        for r in rates(libraries=VillageLibrary.objects.all(), months=[month], group="regency")
    }
    assert reporting_by(Filters(), "regency") == expected
    assert set(expected) == {"51.02", "51.03", "51.05"}
