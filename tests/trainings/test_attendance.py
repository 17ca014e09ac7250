"""Issue 11: the attendance grid (without JavaScript), check-in by code, the service's scope,
and the figures everywhere they go (export columns, recap PDF, public report) agreeing."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from tests.scoping_world import world_fixture  # noqa: F401 (the `world` fixture)
from tests.trainings.factories import ParticipantFactory, TrainingEventFactory
from trainings.exporters import ParticipantExporter
from trainings.models import Attendance, Participant
from trainings.selectors import event_report_get
from trainings.services import attendance_set

START = datetime.date(2022, 8, 1)
DAYS = [START + datetime.timedelta(days=i) for i in range(5)]


def _province_event(world, n_a1=1, n_a2=1, **extra):
    """A province-wide 5-day event of province 41 with people from A1 and A2."""
    event = TrainingEventFactory(
        cycle=world.cycle,
        organiser=world.organiser,
        province=world.a1.regency.province,
        start_date=START,
        end_date=DAYS[-1],
        title="Bimtek Provinsi",
        slug="bimtek-provinsi",
        **extra,
    )
    people = [
        ParticipantFactory(event=event, library=world.a1.library, full_name=f"Peserta A1 {i:02d}")
        for i in range(n_a1)
    ] + [
        ParticipantFactory(event=event, library=world.a2.library, full_name=f"Peserta A2 {i:02d}")
        for i in range(n_a2)
    ]
    return event, people


def _grid_url(event):
    return reverse("admin:trainings_trainingevent_attendance", args=[event.pk])


def _marked(people):
    return set(
        Attendance.objects.filter(participant__in=people).values_list("participant_id", "day")
    )


def test_grid_without_javascript_saves_a_days_all_present_and_unticked_absences(world, db, client):
    event, people = _province_event(world, n_a1=2, n_a2=1)
    client.force_login(world.users["national"])
    page = client.get(_grid_url(event))
    assert page.status_code == 200
    html = page.content.decode()
    assert all(p.code in html for p in people)
    assert "<script>" not in html and "style=" not in html  # CSP: script-src 'self'
    data = {"participant": [p.pk for p in people], "all_day": DAYS[0].isoformat()}
    data[f"m-{people[0].pk}"] = [DAYS[1].isoformat()]
    response = client.post(_grid_url(event), data)
    assert response.status_code == 302
    expected = {(p.pk, DAYS[0]) for p in people} | {(people[0].pk, DAYS[1])}
    assert _marked(people) == expected
    # Unticking is an absence: the second post keeps day 1 of the first person only.
    client.post(
        _grid_url(event), {"participant": [people[0].pk], f"m-{people[0].pk}": DAYS[0].isoformat()}
    )
    assert _marked(people) == expected - {(people[0].pk, DAYS[1])}
    assert Attendance.history.filter(history_type="-").count() == 1


def test_a_regency_coordinator_sees_and_marks_only_their_own_people(world, db, client):
    event, people = _province_event(world)
    a1, a2 = people
    user = world.users["regency"]
    client.force_login(user)
    html = client.get(_grid_url(event)).content.decode()
    assert a1.full_name in html and a2.full_name not in html
    response = client.post(
        _grid_url(event),
        {"participant": [a1.pk, a2.pk], "all_day": DAYS[0].isoformat()},
        follow=True,
    )
    assert "not yours to mark" in response.content.decode() or "bukan" in response.content.decode()
    assert _marked(people) == set()  # all or nothing
    with pytest.raises(PermissionDenied):
        attendance_set(event=event, user=user, marks={a2.pk: {DAYS[0]}})
    attendance_set(event=event, user=user, marks={a1.pk: {DAYS[0]}})
    assert _marked(people) == {(a1.pk, DAYS[0])}


def test_a_viewer_sees_the_grid_but_cannot_mark(world, db, client):
    event, people = _province_event(world)
    client.force_login(world.users["viewer"])
    assert client.get(_grid_url(event)).status_code == 200
    data = {"participant": [people[0].pk], "all_day": DAYS[0].isoformat()}
    assert client.post(_grid_url(event), data).status_code == 403
    assert _marked(people) == set()


def test_check_in_by_code_typed_or_scanned_marks_the_day(world, db, client):
    event, people = _province_event(world)
    client.force_login(world.users["province"])
    code = people[1].code.lower()  # a scanner or a hurried hand: case does not matter
    client.post(_grid_url(event), {"code": f" {code} ", "day": DAYS[2].isoformat()})
    assert _marked(people) == {(people[1].pk, DAYS[2])}
    response = client.post(
        _grid_url(event), {"code": "P999999", "day": DAYS[2].isoformat()}, follow=True
    )
    assert response.status_code == 200
    assert _marked(people) == {(people[1].pk, DAYS[2])}


def test_a_regency_coordinator_cannot_check_in_someone_of_another_regency(world, db, client):
    event, people = _province_event(world)
    client.force_login(world.users["regency"])
    client.post(_grid_url(event), {"code": people[1].code, "day": DAYS[0].isoformat()})
    assert _marked(people) == set()


def test_the_grid_is_not_found_for_an_event_outside_the_region(world, db, client):
    client.force_login(world.users["province"])
    assert client.get(_grid_url(world.b1.event)).status_code == 404


@pytest.mark.parametrize("n", [1, 50])
def test_grid_and_recap_stay_within_one_query_budget_at_1_and_50_participants(
    world, db, client, django_assert_max_num_queries, n
):
    event, people = _province_event(world, n_a1=n, n_a2=0)
    attendance_set(
        event=event,
        user=world.users["national"],
        marks={p.pk: set(DAYS[: 1 + i % 5]) for i, p in enumerate(people)},
    )
    client.force_login(world.users["province"])
    with django_assert_max_num_queries(14):
        assert client.get(_grid_url(event)).status_code == 200
    recap = reverse("admin:trainings_trainingevent_attendance_recap", args=[event.pk])
    with django_assert_max_num_queries(12):
        assert client.get(recap).status_code == 200
    # Savepoints, permissions, scope, the marks, one insert each (rows, history, audit).
    with django_assert_max_num_queries(16):
        attendance_set(
            event=event,
            user=world.users["province"],
            marks={p.pk: set(DAYS) for p in people},
        )


def test_export_columns_recap_pdf_and_public_rate_agree_with_the_marks(world, db, client):
    event, people = _province_event(world, n_a1=3, n_a2=1)
    # 4 people × 5 days = 20 possible; marked: 5 + 4 + 0 + 1 = 10 → 50 %.
    marks = {people[0].pk: set(DAYS), people[1].pk: set(DAYS[:4]), people[3].pk: {DAYS[4]}}
    marks[people[2].pk] = set()
    attendance_set(event=event, user=world.users["national"], marks=marks)

    exporter = ParticipantExporter(
        user=world.users["national"],
        columns=["name", "days_attended", "attendance_rate"],
        filters={"event": event.slug},
    )
    out = io.BytesIO()
    exporter.write("csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["Nama", "Jumlah Hari Hadir", "Kehadiran (%)"]
    by_name = {name: (days, rate) for name, days, rate in rows[1:]}
    assert by_name["Peserta A1 00"] == ("5", "100.0")
    assert by_name["Peserta A1 01"] == ("4", "80.0")
    assert by_name["Peserta A1 02"] == ("0", "0.0")
    assert by_name["Peserta A2 00"] == ("1", "20.0")

    client.force_login(world.users["national"])
    with translation.override("en"):
        recap = client.get(
            reverse("admin:trainings_trainingevent_attendance_recap", args=[event.pk])
        )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(recap.content)).pages)
    assert "Peserta A1 01" in text and "80" in text
    assert "Peserta A2 00" in text

    report = event_report_get(slug=event.slug)
    assert report.attendance_rate == 50.0
    assert [d.present for d in report.attendance] == [2, 2, 2, 2, 2]
    with translation.override("en"):
        page = client.get(event.get_absolute_url()).content.decode()
    assert "50.0%" in page and "Peserta A1" not in page  # no names in public


def test_participant_code_round_trips():
    p = Participant(pk=42)
    assert p.code == "P000042"
    assert Participant.pk_from_code("p000042") == Participant.pk_from_code("42") == 42
    assert Participant.pk_from_code("P-42") is None
