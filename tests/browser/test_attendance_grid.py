"""The attendance grid in a real browser, under the site's CSP (script-src 'self'): a 30-person,
5-day event recorded with at most 5 clicks per day plus one per absentee (issue 11), and the
recap PDF, the export columns and the public attendance rate agree with what was entered."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.trainings.factories import ParticipantFactory, TrainingEventFactory
from trainings.exporters import ParticipantExporter
from trainings.models import Attendance
from trainings.selectors import event_report_get

PEOPLE, DAYS = 30, 5
START = datetime.date(2022, 8, 1)
# day index -> participant indexes absent that day
ABSENT = {1: {3, 17}, 2: {8}, 4: {0, 21, 29}}


@pytest.fixture
def logged_in_page(browser, live_server, django_user_model):
    user = django_user_model.objects.create_superuser("grid-admin", password="x-Password-123")
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
    yield page, user
    context.close()


def test_thirty_people_five_days_take_at_most_five_clicks_a_day_plus_one_per_absentee(
    logged_in_page, live_server
):
    page, user = logged_in_page
    event = TrainingEventFactory(
        start_date=START, end_date=START + datetime.timedelta(days=DAYS - 1), slug="bimtek-grid"
    )
    people = [ParticipantFactory(event=event, full_name=f"Peserta {i:02d}") for i in range(PEOPLE)]
    days = event.days
    errors: list[str] = []
    page.on(
        "console",
        # (the admin has no favicon: the browser's own request for it is not the page's error)
        lambda m: (
            errors.append(f"{m.text} {m.location.get('url')}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(
        live_server.url + reverse("admin:trainings_trainingevent_attendance", args=[event.pk])
    )

    clicks = 0

    def click(locator) -> None:
        nonlocal clicks
        clicks += 1
        locator.click()

    for d, day in enumerate(days):
        click(page.locator(f'button.all-present[data-day="{d}"]'))
        for i in ABSENT.get(d, ()):
            click(page.locator(f'input[name="m-{people[i].pk}"][value="{day.isoformat()}"]'))
    click(page.locator("#save-attendance"))
    page.wait_for_load_state("load")

    absentees = sum(len(v) for v in ABSENT.values())
    print(f"attendance grid: {clicks} clicks for {PEOPLE} people x {DAYS} days, {absentees} absent")
    assert clicks <= 5 * DAYS + absentees
    assert not errors, errors  # no CSP violation, no script error
    marked = set(
        Attendance.objects.filter(participant__event=event).values_list("participant_id", "day")
    )
    expected = {
        (p.pk, day)
        for d, day in enumerate(days)
        for i, p in enumerate(people)
        if i not in ABSENT.get(d, ())
    }
    assert marked == expected
    present = PEOPLE * DAYS - absentees  # 144 of 150
    rate = round(100 * present / (PEOPLE * DAYS), 1)

    # Keyboard: a barcode scanner types the code and Enter; the absentee of day 2 checks in.
    page.select_option("#check-in-day", days[2].isoformat())
    page.fill("#check-in-code", people[8].code)
    page.press("#check-in-code", "Enter")
    page.wait_for_load_state("load")
    assert Attendance.objects.filter(participant=people[8], day=days[2]).exists()
    present += 1
    rate = round(100 * present / (PEOPLE * DAYS), 1)

    # The recap PDF (downloaded with the browser's session), the CSV columns, the public rate.
    recap = page.request.get(
        live_server.url + reverse("admin:trainings_trainingevent_attendance_recap", args=[event.pk])
    )
    assert recap.status == 200 and recap.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(recap.body())).pages)
    assert "Peserta 00" in text and str(present) in text

    out = io.BytesIO()
    ParticipantExporter(
        user=user, columns=["name", "days_attended", "attendance_rate"], filters={}
    ).write("csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))[1:]
    by_name = {name: int(n) for name, n, _rate in rows}
    assert sum(by_name.values()) == present
    assert by_name["Peserta 00"] == DAYS - 1 and by_name["Peserta 05"] == DAYS

    report = event_report_get(slug=event.slug)
    assert report.attendance_rate == rate
    public = page.goto(live_server.url + "/en" + event.get_absolute_url().removeprefix("/en"))
    assert public.status == 200
    assert f"{rate}%" in page.content()
