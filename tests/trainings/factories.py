import datetime

import factory

from tests.programs.factories import InstitutionFactory, ProgramCycleFactory
from tests.villages.factories import ProvinceFactory, VillageLibraryFactory
from trainings.models import AgendaItem, Attendance, HealthScreening, Participant, TrainingEvent


class TrainingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingEvent

    title = factory.Sequence(lambda n: f"Bimtek Uji {n}")
    slug = factory.Sequence(lambda n: f"bimtek-uji-{n}")
    cycle = factory.SubFactory(ProgramCycleFactory)
    organiser = factory.SubFactory(InstitutionFactory)
    province = factory.SubFactory(ProvinceFactory)
    venue = "Aula Dinas Perpustakaan"
    start_date = datetime.date(2022, 3, 14)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    status = TrainingEvent.Status.PUBLISHED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(TrainingEventFactory)
    day = factory.LazyAttribute(lambda o: o.event.start_date)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(12, 0)
    topic = "Konsep perpustakaan berbasis inklusi sosial"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(TrainingEventFactory)
    library = factory.SubFactory(VillageLibraryFactory)
    full_name = factory.Faker("name", locale="id_ID")
    gender = factory.Iterator([Participant.Gender.FEMALE, Participant.Gender.MALE])
    role = Participant.Role.LIBRARIAN
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    email = factory.Sequence(lambda n: f"peserta{n}@example.org")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    participant = factory.SubFactory(ParticipantFactory)
    day = factory.LazyAttribute(lambda o: o.participant.event.start_date)


class HealthScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthScreening

    participant = factory.SubFactory(ParticipantFactory)
    phase = HealthScreening.Phase.BEFORE
    test_type = HealthScreening.TestType.ANTIGEN
    result = HealthScreening.Result.NEGATIVE
    tested_on = factory.LazyAttribute(lambda o: o.participant.event.start_date)
