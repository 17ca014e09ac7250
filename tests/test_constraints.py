"""The rules the database itself enforces, whatever writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from programs.models import Institution
from tests.programs.factories import BeneficiaryFactory, InstitutionFactory, ProgramCycleFactory
from tests.trainings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    HealthScreeningFactory,
    ParticipantFactory,
    TrainingEventFactory,
)
from tests.villages.factories import RegencyFactory, VillageLibraryFactory

pytestmark = pytest.mark.django_db


def raises_integrity(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_event_cannot_end_before_it_starts():
    raises_integrity(
        TrainingEventFactory,
        start_date=datetime.date(2021, 7, 2),
        end_date=datetime.date(2021, 6, 28),
    )


def test_one_day_event_is_allowed():
    event = TrainingEventFactory(
        start_date=datetime.date(2021, 7, 2), end_date=datetime.date(2021, 7, 2)
    )
    assert event.duration_days == 1


def test_one_beneficiary_per_library_per_cycle():
    beneficiary = BeneficiaryFactory()
    raises_integrity(BeneficiaryFactory, cycle=beneficiary.cycle, library=beneficiary.library)
    # The same library in another cycle is fine.
    BeneficiaryFactory(library=beneficiary.library)


def test_one_attendance_per_participant_per_day():
    attendance = AttendanceFactory()
    raises_integrity(AttendanceFactory, participant=attendance.participant, day=attendance.day)


def test_one_screening_per_phase_and_test_type():
    screening = HealthScreeningFactory()
    raises_integrity(
        HealthScreeningFactory, participant=screening.participant, phase=screening.phase
    )


def test_one_library_per_village():
    library = VillageLibraryFactory()
    raises_integrity(VillageLibraryFactory, village=library.village, slug="another-slug")


def test_one_cycle_per_program_and_year():
    cycle = ProgramCycleFactory()
    raises_integrity(ProgramCycleFactory, program=cycle.program, year=cycle.year)


def test_cycle_targets_at_most_38_provinces():
    raises_integrity(ProgramCycleFactory, target_provinces=39)


def test_library_coordinates_must_lie_in_indonesia():
    raises_integrity(VillageLibraryFactory, latitude=48.85, longitude=2.35)  # Paris
    raises_integrity(VillageLibraryFactory, latitude=-8.6, longitude=None)  # one of the two
    VillageLibraryFactory(latitude=-8.5489, longitude=115.1815)  # Mengwi


def test_institution_region_matches_its_level():
    regency = RegencyFactory()
    raises_integrity(InstitutionFactory, level=Institution.Level.PROVINCE)
    raises_integrity(
        InstitutionFactory, level=Institution.Level.NATIONAL, province=regency.province
    )
    InstitutionFactory(level=Institution.Level.REGENCY, province=regency.province, regency=regency)


def test_agenda_item_must_end_after_it_starts():
    raises_integrity(
        AgendaItemFactory, start_time=datetime.time(14, 0), end_time=datetime.time(13, 0)
    )


def test_participant_needs_a_name():
    raises_integrity(ParticipantFactory, full_name="")
