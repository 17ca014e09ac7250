import datetime

import factory

from programs.models import (
    AidItemKind,
    AidPackage,
    AidPackageItem,
    Beneficiary,
    Delivery,
    DeliveryItem,
    Institution,
    Official,
    Program,
    ProgramCycle,
    SelectionDecree,
)
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


class SelectionDecreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionDecree

    cycle = factory.SubFactory(ProgramCycleFactory)
    number = factory.Sequence(lambda n: f"B.{n}/14/PPM00.00/1.2024")
    date = datetime.date(2024, 1, 24)


class AidPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidPackage

    cycle = factory.SubFactory(ProgramCycleFactory)
    name = factory.Sequence(lambda n: f"Paket {n}")
    computers = factory.RelatedFactory(
        "tests.programs.factories.AidPackageItemFactory", "package", kind=AidItemKind.COMPUTER
    )


class AidPackageItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidPackageItem

    package = factory.SubFactory(AidPackageFactory, computers=None)
    kind = AidItemKind.BOOKS
    quantity = 3


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    bast_number = factory.Sequence(lambda n: f"BAST/{n}/2021")
    delivered_on = datetime.date(2021, 10, 1)


class DeliveryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryItem

    delivery = factory.SubFactory(DeliveryFactory)
    kind = AidItemKind.COMPUTER
    quantity = 1
