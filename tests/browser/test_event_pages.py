"""The event's admin page in a real browser at 1280 px (issues 12 and 16), counting clicks:
next year's event set up from this year's by "copy as new event", the sign-in sheet downloaded
from the event page, and the event page (30 participants) and the participant list with no
horizontal scroll, screenshots in /tmp/h5_*.png. The browser is in Bali (WITA, an hour ahead of
the server's WIB): no "Your time is … ahead of server time" note on a date field."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from trainings.models import TrainingEvent


@pytest.fixture
def admin_page(browser, live_server, demo, django_user_model):
    user = django_user_model.objects.create_superuser("event-admin", password="x-Password-123")
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        timezone_id="Asia/Makassar",
        locale="id-ID",
        accept_downloads=True,
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    yield page
    context.close()


class Clicks:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:
        self.count += 1
        locator.click()


def test_next_years_event_is_set_up_from_this_years_in_three_clicks(admin_page, live_server, demo):
    page, click = admin_page, Clicks()
    page.goto(live_server.url + reverse("admin:trainings_trainingevent_changelist"))
    click(page.get_by_role("link", name=demo.event.title))
    click(page.get_by_role("link", name="Salin sebagai kegiatan baru"))
    page.fill("#id_start_date", "2022-06-27")  # typed, not clicked
    page.fill("#id_title", "Bimbingan Teknis Strategi Pengembangan TIK Bali 2022")
    click(page.get_by_role("button", name="Buat kegiatan draf baru"))
    page.wait_for_url("**/change/")

    clone = TrainingEvent.objects.get(title="Bimbingan Teknis Strategi Pengembangan TIK Bali 2022")
    assert clone.status == TrainingEvent.Status.DRAFT
    assert (clone.start_date, clone.end_date) == (
        datetime.date(2022, 6, 27),
        datetime.date(2022, 7, 1),
    )
    assert clone.agenda.count() == 7 and clone.participants.count() == 0
    assert "disalin sebagai kegiatan draf baru dengan 7 butir agenda" in page.content()
    print(f"next year's event from this year's: {click.count} clicks, 2 fields typed")
    # By hand it took 49 clicks (issue 12): the event and its agenda typed again.
    assert click.count <= 3


def test_the_sign_in_sheet_is_one_click_from_the_event_page(admin_page, live_server, demo):
    page, click = admin_page, Clicks()
    page.goto(
        live_server.url + reverse("admin:trainings_trainingevent_change", args=[demo.event.pk])
    )
    with page.expect_download() as download_info:
        click(page.get_by_role("link", name="Daftar hadir (PDF)"))
    path = download_info.value.path()
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "DAFTAR HADIR PESERTA" in text and "Ni Ketut Suartini" in text
    print(f"sign-in sheet from the event page: {click.count} click(s)")
    assert click.count <= 2


def test_event_page_and_participant_list_fit_1280_px_without_a_time_zone_note(
    admin_page, live_server, demo
):
    page = admin_page
    assert demo.event.participants.count() == 30
    page.goto(
        live_server.url + reverse("admin:trainings_trainingevent_change", args=[demo.event.pk])
    )
    page.wait_for_load_state("load")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.screenshot(path="/tmp/h5_event_page.png", full_page=True)
    assert widths[0] <= widths[1], f"event page scrolls sideways: {widths}"
    # Dates carry no time-zone note (the browser is an hour ahead of the server).
    assert page.locator(".timezonewarning").count() == 0
    assert page.locator('input[type="date"]').count() >= 2 + demo.event.agenda.count()

    page.goto(
        live_server.url
        + reverse("admin:trainings_participant_changelist")
        + f"?event__id__exact={demo.event.pk}"
    )
    list_widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.screenshot(path="/tmp/h5_participant_list.png")
    assert list_widths[0] <= list_widths[1], f"participant list scrolls sideways: {list_widths}"
    # Every column of the list is inside the window, not clipped in its scroll box.
    right_edges = page.evaluate(
        "[...document.querySelectorAll('#result_list thead th')]"
        ".map(th => th.getBoundingClientRect().right)"
    )
    results_right = page.evaluate(
        "document.querySelector('.results').getBoundingClientRect().right"
    )
    assert len(right_edges) == 7 and max(right_edges) <= results_right + 1
    print(f"event page {widths[0]} px, participant list {list_widths[0]} px at 1280 px")


def test_one_events_participants_as_xlsx_from_the_staff_page(admin_page, live_server, demo):
    """The staff export page (portal/export_views.py), reached from the event page with the
    list and the event already chosen: pick XLSX, export."""
    from openpyxl import load_workbook

    page, click = admin_page, Clicks()
    page.goto(
        live_server.url + reverse("admin:trainings_trainingevent_change", args=[demo.event.pk])
    )
    click(page.get_by_role("link", name="Ekspor", exact=True))
    click.count += 1  # choosing the format in its list counts as a click
    page.select_option("select[name=format]", "xlsx")
    with page.expect_download() as download_info:
        click(page.locator("input[name=export]"))
    download = download_info.value
    sheet = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == 30  # the header, then this event's 30 participants
    assert demo.event.slug in download.suggested_filename
    print(f"one event's XLSX from the staff page: {click.count} clicks from the event page")
    assert click.count <= 3
