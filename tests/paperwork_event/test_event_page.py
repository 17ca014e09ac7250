"""The event's admin page gathers the work: one link per task, only those the user may use,
each answering; the draft report page never replaces a report unasked nor publishes; and the
issue 16 items of the event and participant forms (dates, times, the sample-data switch)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from trainings.models import AgendaItem, TrainingEvent

ALL_TOOLS = [
    "Peserta",
    "Kehadiran",
    "Daftar hadir (PDF)",
    "Rekap kehadiran (PDF)",
    "Tanda pengenal (PDF)",
    "Sertifikat (ZIP)",
    "Surat undangan (PDF)",
    "Ekspor",
    "Impor peserta",
    "Draf laporan",
    "Salin sebagai kegiatan baru",
    "Pratinjau publik",
]


def _tools(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="event-tools".*?</nav>', html, re.S)
    assert nav, "no toolbar on the event page"
    return {
        label.strip(): href.replace("&amp;", "&")
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(0))
    }


def test_the_event_page_links_every_task_and_each_answers(demo, admin_client):
    event = demo.event
    page = admin_client.get(reverse("admin:trainings_trainingevent_change", args=[event.pk]))
    tools = _tools(page.content.decode())
    assert list(tools) == ALL_TOOLS
    assert tools["Peserta"].endswith(f"?event__id__exact={event.pk}")
    assert tools["Ekspor"].endswith(f"?kind=participants&event={event.slug}")
    for label, url in tools.items():
        response = admin_client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)

    sheet = admin_client.get(tools["Daftar hadir (PDF)"])
    assert sheet["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(_bytes(sheet)).pages)
    assert "DAFTAR HADIR PESERTA" in text and "Ni Ketut Suartini" in text


def _bytes(response):
    import io

    return io.BytesIO(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_a_regency_coordinator_sees_only_the_tasks_they_may_use(demo, make_staff, client):
    client.force_login(make_staff("badung", level="regency", code="51.03"))
    page = client.get(reverse("admin:trainings_trainingevent_change", args=[demo.event.pk]))
    tools = _tools(page.content.decode())
    # A province-wide event is read-only to them: no import, draft report or copy.
    assert not {"Impor peserta", "Draf laporan", "Salin sebagai kegiatan baru"} & set(tools)
    assert {"Peserta", "Kehadiran", "Daftar hadir (PDF)"} <= set(tools)
    url = reverse("admin:trainings_trainingevent_draft_report", args=[demo.event.pk])
    assert client.get(url).status_code == 403


def test_the_draft_report_replaces_a_report_only_when_confirmed(demo, admin_client):
    event = demo.event
    url = reverse("admin:trainings_trainingevent_draft_report", args=[event.pk])
    page = admin_client.get(url)
    assert "Luh Ayu Aryani" in page.context["text"]
    assert "sudah terbit" in page.content.decode() or "terbit" in page.content.decode()

    refused = admin_client.post(url, {"report": "Teks baru"})
    assert refused.status_code == 200
    event.refresh_from_db()
    assert event.report.startswith("Bimbingan Teknis Strategi") and "Teks baru" != event.report

    saved = admin_client.post(url, {"report": "Teks baru", "replace": "1"})
    assert saved.status_code == 302
    event.refresh_from_db()
    assert event.report == "Teks baru"


def test_the_draft_report_fills_an_empty_draft_event_and_never_publishes(demo, admin_client):
    event = demo.event
    TrainingEvent.objects.filter(pk=event.pk).update(report="", status="draft")
    url = reverse("admin:trainings_trainingevent_draft_report", args=[event.pk])
    text = admin_client.get(url).context["text"]
    assert admin_client.post(url, {"report": text}).status_code == 302
    event.refresh_from_db()
    assert event.report == text.strip() and event.status == TrainingEvent.Status.DRAFT


def test_dates_are_plain_date_inputs_with_a_format_hint_and_times_read_back_as_typed(
    demo, admin_client
):
    event = demo.event
    item = AgendaItem.objects.filter(event=event).first()
    item.start_time, item.end_time = datetime.time(8, 0), datetime.time(9, 30)
    item.save()
    html = admin_client.get(
        reverse("admin:trainings_trainingevent_change", args=[event.pk])
    ).content.decode()
    # The browser's date input: no admin calendar, so no "Your time is … ahead" note on dates.
    assert 'type="date" name="start_date" value="2021-06-28"' in html
    assert "vDateField" not in html
    assert "Format dd/mm/yyyy." in html
    # Agenda days open within the event's days; times come back as typed.
    assert 'min="2021-06-28"' in html and 'max="2021-07-02"' in html
    assert 'value="08:00"' in html and 'value="09:30"' in html and "08.00.00" not in html


def test_the_participant_forms_have_no_sample_data_switch(demo, admin_client):
    participant = demo.event.participants.first()
    for url in (
        reverse("admin:trainings_participant_add"),
        reverse("admin:trainings_participant_change", args=[participant.pk]),
        reverse("admin:trainings_trainingevent_change", args=[demo.event.pk]),
        reverse("admin:trainings_person_add"),
        reverse("admin:trainings_person_change", args=[participant.person_id]),
    ):
        assert 'name="is_sample"' not in admin_client.get(url).content.decode()
        assert "-is_sample" not in admin_client.get(url).content.decode()


def test_the_participant_list_filtered_by_event(demo, admin_client):
    url = reverse("admin:trainings_participant_changelist")
    response = admin_client.get(f"{url}?event__id__exact={demo.event.pk}")
    assert response.context["cl"].result_count == 30


@pytest.mark.parametrize("rows", [1, 30])
def test_the_event_page_query_budget(demo, admin_client, django_assert_max_num_queries, rows):
    event = demo.event
    event.participants.exclude(
        pk__in=list(event.participants.values_list("pk", flat=True)[:rows])
    ).delete()
    url = reverse("admin:trainings_trainingevent_change", args=[event.pk])
    with django_assert_max_num_queries(60):
        assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "level, code, offered",
    [("regency", "51.03", False), ("province", "51", True)],
    ids=["badung-sees-only-events-it-may-not-delete", "bali-province"],
)
def test_delete_is_offered_only_to_who_may_delete_a_listed_event(
    demo, make_staff, client, level, code, offered
):
    client.force_login(make_staff("coordinator", level=level, code=code))
    response = client.get(reverse("admin:trainings_trainingevent_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert ('value="delete_selected"' in response.content.decode()) is offered


def test_the_english_draft_is_saved_as_the_english_report(demo, admin_client):
    event = demo.event
    TrainingEvent.objects.filter(pk=event.pk).update(report_en="")
    url = reverse("admin:trainings_trainingevent_draft_report", args=[event.pk])
    text = admin_client.get(f"{url}?language=en").context["text"]
    assert "was organised by" in text
    assert admin_client.post(url, {"report": text, "language": "en"}).status_code == 302
    event.refresh_from_db()
    assert event.report_en == text.strip()
    assert event.report.startswith("Bimbingan Teknis Strategi")  # the Indonesian one untouched
