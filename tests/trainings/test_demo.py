import datetime

import pytest
from django.core.management import call_command

from programs.models import Beneficiary
from trainings.demo import BENEFICIARY_VILLAGES, EVENT_SLUG
from trainings.demo_national import NATIONAL_SLUG
from trainings.models import Attendance, HealthScreening, Participant, Person, TrainingEvent
from trainings.selectors import event_report_get, people_trained
from villages.scoping import forget_scope

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Kabupaten Badung": {
        "51.03.02.2009": "Mengwi",
        "51.03.05.2003": "Kutuh",
        "51.03.03.2008": "Abiansemal",
        "51.03.03.2014": "Punggul",
        "51.03.02.2008": "Baha",
    },
    "Kabupaten Klungkung": {
        "51.05.02.2003": "Banjarangkan",
        "51.05.03.2015": "Manduang",
        "51.05.04.2002": "Sampalan Tengah",
        "51.05.04.2010": "Pikat",
    },
    "Kabupaten Tabanan": {
        "51.02.05.2004": "Delod Peken",
        "51.02.05.2005": "Dauh Peken",
        "51.02.08.2010": "Penebel",
    },
}


def test_demo_carries_the_seed_articles_facts(demo):
    # (issue 11: the demo also holds a national event, so the Bimtek is found by its slug)
    event = TrainingEvent.objects.select_related(
        "organiser", "host", "opened_by", "closed_by", "closed_by_representative", "cycle__program"
    ).get(slug=EVENT_SLUG)
    assert (
        event.title == "Bimbingan Teknis Strategi Pengembangan Teknologi Informasi dan Komunikasi"
    )
    assert event.organiser.name == "Perpustakaan Nasional Republik Indonesia"
    assert event.host.name == "Dinas Kearsipan dan Perpustakaan Provinsi Bali"
    assert (event.start_date, event.end_date) == (
        datetime.date(2021, 6, 28),
        datetime.date(2021, 7, 2),
    )
    assert event.duration_days == 5
    assert "Swiss-Belhotel Tuban" in event.venue
    assert event.opened_by.name == "Luh Ayu Aryani"
    assert event.opened_by.position.startswith("Plt. Kepala Dinas Kearsipan dan Perpustakaan")
    assert event.closed_by.name == "Muhammad Syarif Bando"
    assert event.closed_by_representative.name == "Nurhadisaputra"
    assert event.closed_by_representative.position == "Koordinator Pengembangan Perpustakaan Umum"
    assert event.cycle.year == 2021
    assert (event.cycle.target_provinces, event.cycle.target_libraries) == (32, 450)
    assert event.cycle.program.name == "Transformasi Perpustakaan Berbasis Inklusi Sosial"
    assert event.requires_negative_test
    assert event.status == TrainingEvent.Status.PUBLISHED
    assert len(event.learning_goal_list) == 5
    assert event.agenda.count() == 7  # opening, one learning goal a day, closing
    for fact in ("Luh Ayu Aryani", "Nurhadisaputra", "swab antigen", "Sampalan Tengah", "450"):
        assert fact in event.report


def test_demo_has_the_twelve_libraries_in_three_regencies(demo):
    found: dict[str, dict[str, str]] = {}
    # Bali's: the national event's Jawa Barat libraries are sample beneficiaries (issue 11).
    for b in Beneficiary.objects.filter(
        cycle__year=2021, library__village__province="51"
    ).select_related("library__village__regency"):
        village = b.library.village
        found.setdefault(village.regency.name, {})[village.code] = village.name
    assert found == EXPECTED
    assert sum(len(codes) for codes in BENEFICIARY_VILLAGES.values()) == 12


def test_demo_participants_are_marked_as_samples_with_attendance_and_screenings(demo):
    participants = Participant.objects.filter(event__slug=EVENT_SLUG)
    per_library = {p.library_id for p in participants}
    assert len(per_library) == 12
    assert all(p.is_sample for p in participants)
    assert all(p.email.endswith("@example.org") for p in participants)
    counts = [participants.filter(library_id=lib).count() for lib in per_library]
    assert set(counts) <= {2, 3}
    assert HealthScreening.objects.count() == 2 * participants.count()
    assert not HealthScreening.objects.exclude(result=HealthScreening.Result.NEGATIVE).exists()
    assert (
        Attendance.objects.filter(participant__event__slug=EVENT_SLUG).count()
        == 5 * participants.count() - 1
    )


def test_seed_demo_twice_changes_nothing(demo):
    before = (
        Participant.objects.count(),
        Attendance.objects.count(),
        HealthScreening.objects.count(),
    )
    call_command("seed_demo")
    after = (
        Participant.objects.count(),
        Attendance.objects.count(),
        HealthScreening.objects.count(),
    )
    assert before == after
    assert (
        Beneficiary.objects.filter(cycle__year=2021, library__village__province="51").count() == 12
    )
    assert TrainingEvent.objects.count() == 2  # the Bali Bimtek and the national event


def test_demo_bali_bimtek_is_a_province_level_bimtek_serving_bali(demo):
    event = TrainingEvent.objects.get(slug=EVENT_SLUG)
    assert (event.kind, event.level, event.mode) == ("bimtek", "province", "in_person")
    assert list(event.served_provinces.values_list("code", flat=True)) == ["51"]
    report = event_report_get(slug=EVENT_SLUG)
    assert (report.library_count, report.guests) == (12, 0)


def test_demo_national_event_has_people_of_two_provinces_each_seeing_only_their_own(
    demo, django_user_model
):
    from portal.roles import COORDINATOR, roles_sync
    from tests.villages.factories import StaffFactory
    from villages.models import Province

    roles_sync()

    event = TrainingEvent.objects.get(slug=NATIONAL_SLUG)
    assert (event.level, event.mode) == ("national", "online")
    assert event.participants.filter(is_sample=False).count() == 0
    provinces = set(event.participants.values_list("library__village__province", flat=True))
    assert provinces == {"51", "32"}
    figures = {}
    for code in ("51", "32"):
        user = StaffFactory(
            username=f"koord-{code}", groups=[COORDINATOR], scope=Province.objects.get(code=code)
        )
        forget_scope(user)
        assert TrainingEvent.objects.in_scope(user).filter(pk=event.pk).exists()
        assert not event.is_changeable_by(user)
        mine = Participant.objects.in_scope(user).filter(event=event)
        assert set(mine.values_list("library__village__province", flat=True)) == {code}
        figures[code] = mine.count()
    assert figures == {"51": 4, "32": 3}
    # The Bali heads are the same people as at the Bimtek: one person, two events.
    bali_people = Person.objects.filter(
        participations__event=event, library__village__province="51"
    )
    assert all(p.participations.count() == 2 for p in bali_people)
    report = event_report_get(slug=NATIONAL_SLUG)
    assert (report.library_count, report.guests, report.participants) == (7, 0, 7)
    assert report.attendance_rate == round(100 * 13 / 14, 1)


def test_people_trained_counts_a_person_at_two_events_once(demo):
    from programs.models import ProgramCycle

    cycle = ProgramCycle.objects.get(year=2021)
    assert Participant.objects.filter(event__cycle=cycle).count() == 30 + 7
    assert people_trained(cycle=cycle) == 30 + 3  # the 4 Bali heads once
    assert people_trained(province="32") == 3
