"""Test data for the export tests: two provinces, two regencies in the first, tricky names."""

from tests.trainings.factories import (
    HealthScreeningFactory,
    ParticipantFactory,
    TrainingEventFactory,
)
from tests.villages.factories import (
    DistrictFactory,
    ProvinceFactory,
    RegencyFactory,
    VillageFactory,
    VillageLibraryFactory,
)

NAMES = [
    "I Gusti Ngurah Oka",
    "Ni Luh Putu Sriani",
    "Anak Agung Istri Mas",
    "Nyoman Adi' Putra",
    "Désak Ayu",
    'Made "Bli" Rai, S.Pd.',
    '=HYPERLINK("http://x.example")',
    "+62 812 000",
    "-Minus",
    "@Mention",
    "\tTabbed",
    "\rCarriage",
    "Baris\nkedua",
]


def library_in(regency):
    district = DistrictFactory(regency=regency)
    village = VillageFactory(district=district)
    return VillageLibraryFactory(village=village)


def build_world():
    """Province A (regencies A1, A2) and province B; one event; NAMES in A1, one person each in
    A2 and B. Returns a dict of the pieces."""
    prov_a, prov_b = ProvinceFactory(code="40"), ProvinceFactory(code="41")
    reg_a1 = RegencyFactory(province=prov_a, code="40.10")
    reg_a2 = RegencyFactory(province=prov_a, code="40.11")
    reg_b = RegencyFactory(province=prov_b, code="41.10")
    lib_a1, lib_a2, lib_b = library_in(reg_a1), library_in(reg_a2), library_in(reg_b)
    event = TrainingEventFactory(province=prov_a, slug="bimtek-uji")
    people_a1 = [ParticipantFactory(event=event, library=lib_a1, full_name=n) for n in NAMES]
    person_a2 = ParticipantFactory(event=event, library=lib_a2, full_name="Orang Kabupaten Dua")
    person_b = ParticipantFactory(event=event, library=lib_b, full_name="Orang Provinsi Lain")
    HealthScreeningFactory(participant=people_a1[0])
    return {
        "event": event,
        "prov_a": prov_a,
        "reg_a1": reg_a1,
        "people_a1": people_a1,
        "person_a2": person_a2,
        "person_b": person_b,
        "cycle": event.cycle,
    }
