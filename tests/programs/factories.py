import factory

from programs.models import Beneficiary, Institution, Official, Program, ProgramCycle
from tests.villages.factories import VillageLibraryFactory


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Perpustakaan Nasional Uji {n}")
    short_name = "Perpusnas"
    level = Institution.Level.NATIONAL


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    name = factory.Faker("name", locale="id_ID")
    position = "Kepala"
    institution = factory.SubFactory(InstitutionFactory)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program Uji {n}")
    code = factory.Sequence(lambda n: f"uji{n}")
    institution = factory.SubFactory(InstitutionFactory)


class ProgramCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramCycle

    program = factory.SubFactory(ProgramFactory)
    year = factory.Sequence(lambda n: 2018 + n % 80)
    target_provinces = 32
    target_libraries = 450


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    cycle = factory.SubFactory(ProgramCycleFactory)
    library = factory.SubFactory(VillageLibraryFactory)
    status = Beneficiary.Status.SELECTED
