"""The Mengwi library's operator enters and submits a monthly report on a 390 px phone screen,
in a real browser (no JavaScript needed: adding an activity row is a form button). Screenshots
go to /tmp/h7_*.png."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monitoring.models import MonthlyReport

MENGWI = "perpustakaan-desa-mengwi-badung"


def test_operator_submits_a_report_at_390_px(browser, live_server, django_user_model):
    from monitoring.demo import demo_reports_seed
    from portal.services import user_access_grant
    from trainings.demo import demo_seed

    demo_seed()
    demo_reports_seed()
    operator = django_user_model.objects.create_user("operator-mengwi-test", password="x-Pw-123")
    user_access_grant(
        user=operator, level="library", code=MENGWI, contacts=False, health=False
    )
    client = Client()
    client.force_login(operator)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
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
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(live_server.url + reverse("monitoring:report-home"))
    # One library: straight to its months.
    assert page.url.endswith(reverse("monitoring:library-months", args=[MENGWI]))
    page.screenshot(path="/tmp/h7_1_months.png", full_page=True)
    month = timezone.localdate().replace(day=1)
    page.click(f'a[href$="/{month:%Y-%m}/"]')
    page.fill("#id_visitors_women", "132")
    page.fill("#id_visitors_men", "97")
    page.fill("#id_new_members", "6")
    page.fill("#id_loans", "240")
    page.fill("#id_activities-0-date", f"{month:%Y-%m}-05")
    page.select_option("#id_activities-0-kind", "skills")
    page.fill("#id_activities-0-title", "Pelatihan membuat kue")
    page.fill("#id_activities-0-participants_women", "18")
    page.fill("#id_activities-0-participants_men", "4")
    page.click('button[name="add_row"]')
    page.fill("#id_activities-1-date", f"{month:%Y-%m}-12")
    page.select_option("#id_activities-1-kind", "reading")
    page.fill("#id_activities-1-title", "Dongeng anak")
    page.fill("#id_activities-1-participants_women", "11")
    page.fill("#id_activities-1-participants_men", "9")
    page.click('button[name="save"]')
    page.screenshot(path="/tmp/h7_2_draft_saved.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form is {width} px wide on a 390 px screen"
    report = MonthlyReport.objects.get(library__slug=MENGWI, month=month)
    assert (report.status, report.visitors_women, report.activities_total) == ("draft", 132, 2)
    page.click('button[name="submit"]')
    page.screenshot(path="/tmp/h7_3_submitted.png", full_page=True)
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_by == operator
    assert report.participants_women == 29 and report.submitted_at.date() <= datetime.date.today()
    # Another library's report: not found for this operator.
    other = page.goto(
        live_server.url
        + reverse(
            "monitoring:report-edit", args=["perpustakaan-desa-baha-badung", f"{month:%Y-%m}"]
        )
    )
    assert other.status == 404
    assert [e for e in errors if "perpustakaan-desa-baha" not in e] == []
    context.close()
