"""A small two-province world and one user per role, for the scoping and permission tests.

Province 41 has regencies 41.10 ("A1", the regency coordinator's) and 41.11 ("A2"); province 42
has 42.10 ("B1"). Each of A1, A2 and B1 holds one of every scoped record; each also has a spare
village (no library yet) for "add" tests. Province and regency coordinators work in 41 and 41.10.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.db import transaction

from portal.roles import (
    CONTACT_DATA,
    COORDINATOR,
    HEALTH_DATA,
    NATIONAL_ADMIN,
    VIEWER,
    roles_sync,
)
from tests.programs.factories import BeneficiaryFactory, InstitutionFactory, ProgramCycleFactory
from tests.trainings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    HealthScreeningFactory,
    ParticipantFactory,
    TrainingEventFactory,
)
from tests.villages.factories import (
    DistrictFactory,
    ProvinceFactory,
    RegencyFactory,
    StaffFactory,
    VillageFactory,
    VillageLibraryFactory,
)

ROLES = ["national", "province", "regency", "viewer", "noscope", "anonymous"]


@dataclass
class Region:
    regency: object
    district: object
    village: object
    spare_village: object
    library: object
    beneficiary: object
    event: object
    agenda: object
    participant: object
    attendance: object
    screening: object

    def record(self, model_name: str):
        return {
            "village": self.village,
            "villagelibrary": self.library,
            "beneficiary": self.beneficiary,
            "trainingevent": self.event,
            "agendaitem": self.agenda,
            "participant": self.participant,
            "attendance": self.attendance,
            "healthscreening": self.screening,
        }[model_name]


@dataclass
class World:
    a1: Region
    a2: Region
    b1: Region
    cycle: object
    cycle2: object
    organiser: object
    users: dict = field(default_factory=dict)

    def in_record(self, model_name: str):
        return self.a1.record(model_name)

    def out_region(self, role: str) -> Region:
        """Out of scope for `role`: the sibling regency for the regency coordinator (same
        province, so the regency boundary is tested), the other province for everyone else."""
        return self.a2 if role == "regency" else self.b1

    def out_record(self, role: str, model_name: str):
        return self.out_region(role).record(model_name)


def _region(regency, *, cycle, organiser, n: int) -> Region:
    district = DistrictFactory(regency=regency, code=f"{regency.code}.{10 + n:02d}")
    village = VillageFactory(
        district=district, code=f"{district.code}.2001", name=f"Desa {regency.code}"
    )
    spare = VillageFactory(
        district=district, code=f"{district.code}.2002", name=f"Desa Baru {regency.code}"
    )
    library = VillageLibraryFactory(
        village=village,
        name=f"Perpustakaan Desa {regency.code}",
        phone=f"+6281100000{n}{n}",
        email=f"perpus{n}@example.org",
    )
    beneficiary = BeneficiaryFactory(cycle=cycle, library=library)
    event = TrainingEventFactory(
        cycle=cycle,
        organiser=organiser,
        province=regency.province,
        regency=regency,
        title=f"Bimtek {regency.code}",
        slug=f"bimtek-{regency.code.replace('.', '-')}",
        start_date=datetime.date(2022, 3, 14),
        end_date=datetime.date(2022, 3, 16),
    )
    agenda = AgendaItemFactory(event=event, topic=f"Sesi {regency.code}")
    participant = ParticipantFactory(
        event=event,
        library=library,
        full_name=f"Peserta {regency.code}",
        phone=f"+6281299990{n}{n}",
        email=f"peserta{n}@example.org",
    )
    attendance = AttendanceFactory(participant=participant, day=event.start_date)
    screening = HealthScreeningFactory(participant=participant)
    return Region(
        regency,
        district,
        village,
        spare,
        library,
        beneficiary,
        event,
        agenda,
        participant,
        attendance,
        screening,
    )


def build_world() -> World:
    roles_sync()
    province_a = ProvinceFactory(code="41", name="Provinsi Uji A")
    province_b = ProvinceFactory(code="42", name="Provinsi Uji B")
    a1 = RegencyFactory(province=province_a, code="41.10", name="Kabupaten A1")
    a2 = RegencyFactory(province=province_a, code="41.11", name="Kabupaten A2")
    b1 = RegencyFactory(province=province_b, code="42.10", name="Kabupaten B1")
    cycle = ProgramCycleFactory(year=2022)
    cycle2 = ProgramCycleFactory(program=cycle.program, year=2023)
    organiser = InstitutionFactory(name="Perpustakaan Nasional RI (uji)")
    world = World(
        a1=_region(a1, cycle=cycle, organiser=organiser, n=1),
        a2=_region(a2, cycle=cycle, organiser=organiser, n=2),
        b1=_region(b1, cycle=cycle, organiser=organiser, n=3),
        cycle=cycle,
        cycle2=cycle2,
        organiser=organiser,
    )
    protected = [HEALTH_DATA, CONTACT_DATA]
    world.users = {
        "national": StaffFactory(
            username="nasional", groups=[NATIONAL_ADMIN, *protected], scope="national"
        ),
        "province": StaffFactory(
            username="koord-41", groups=[COORDINATOR, *protected], scope=province_a
        ),
        "regency": StaffFactory(username="koord-41-10", groups=[COORDINATOR, *protected], scope=a1),
        "viewer": StaffFactory(username="pengamat-41", groups=[VIEWER], scope=province_a),
        # A coordinator whose scope was never set: must see nothing.
        "noscope": StaffFactory(username="tanpa-wilayah", groups=[COORDINATOR, *protected]),
        "anonymous": None,
    }
    return world


@pytest.fixture(scope="module", name="world")
def world_fixture(django_db_setup, django_db_blocker):
    """One World per test module, inside a transaction rolled back after the module; each test
    (with `db`) runs in its own savepoint on top."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@dataclass
class NationalEvent:
    """A national event held in province 42 serving provinces 41 and 42, with one participant
    from each of A1, A2 and B1, and a coordinator of province 42 (the world's are of 41)."""

    event: object
    participants: dict  # region name ("a1", "a2", "b1") -> participant
    province_b_user: object


def national_event(world: World) -> NationalEvent:
    """Built inside a test (its savepoint), so the shared world's counts stay as they are."""
    from trainings.models import TrainingEvent

    b1 = world.b1.regency
    event = TrainingEventFactory(
        cycle=world.cycle,
        organiser=world.organiser,
        province=b1.province,
        level=TrainingEvent.Level.NATIONAL,
        mode=TrainingEvent.Mode.ONLINE,
        meeting_link="https://meet.example.org/bimtek-nasional",
        title="Bimtek Nasional",
        slug="bimtek-nasional",
        start_date=datetime.date(2022, 6, 6),
        end_date=datetime.date(2022, 6, 8),
    )
    event.served_provinces.set(["41", "42"])
    participants = {
        name: ParticipantFactory(
            event=event, library=region.library, full_name=f"Peserta Nasional {name.upper()}"
        )
        for name, region in (("a1", world.a1), ("a2", world.a2), ("b1", world.b1))
    }
    province_b_user = StaffFactory(
        username="koord-42",
        groups=[COORDINATOR, HEALTH_DATA, CONTACT_DATA],
        scope=b1.province,
    )
    return NationalEvent(event, participants, province_b_user)
