import datetime

import pytest
from django.core.management import call_command

from programs.models import Beneficiary
from trainings.demo import BENEFICIARY_VILLAGES
from trainings.models import Attendance, HealthScreening, Participant, TrainingEvent

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
    event = TrainingEvent.objects.select_related(
        "organiser", "host", "opened_by", "closed_by", "closed_by_representative", "cycle__program"
    ).get()
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
    for b in Beneficiary.objects.select_related("library__village__regency"):
        village = b.library.village
        found.setdefault(village.regency.name, {})[village.code] = village.name
    assert found == EXPECTED
    assert sum(len(codes) for codes in BENEFICIARY_VILLAGES.values()) == 12


def test_demo_participants_are_marked_as_samples_with_attendance_and_screenings(demo):
    participants = Participant.objects.all()
    per_library = {p.library_id for p in participants}
    assert len(per_library) == 12
    assert all(p.is_sample for p in participants)
    assert all(p.email.endswith("@example.org") for p in participants)
    counts = [participants.filter(library_id=lib).count() for lib in per_library]
    assert set(counts) <= {2, 3}
    assert HealthScreening.objects.count() == 2 * participants.count()
    assert not HealthScreening.objects.exclude(result=HealthScreening.Result.NEGATIVE).exists()
    assert Attendance.objects.count() == 5 * participants.count() - 1


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
    assert Beneficiary.objects.count() == 12
    assert TrainingEvent.objects.count() == 1
