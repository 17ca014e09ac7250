import factory
from django.utils.text import slugify

from villages.models import District, Province, Regency, Village, VillageLibrary

# Province codes that no official province uses, so factories never collide with loaded regions.
_FREE_PROVINCE_CODES = [f"{n}" for n in (*range(40, 50), *range(54, 61), *range(83, 91))]


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: _FREE_PROVINCE_CODES[n % len(_FREE_PROVINCE_CODES)])
    name = factory.LazyAttribute(lambda o: f"Provinsi Uji {o.code}")


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ["code"]

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}.{n % 89 + 10:02d}")
    name = factory.LazyAttribute(lambda o: f"Kabupaten Uji {o.code}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["code"]

    regency = factory.SubFactory(RegencyFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.regency.code}.{n % 89 + 10:02d}")
    name = factory.Faker("city", locale="id_ID")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ["code"]

    district = factory.SubFactory(DistrictFactory)
    regency = factory.LazyAttribute(lambda o: o.district.regency)
    province = factory.LazyAttribute(lambda o: o.district.regency.province)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}.2{n % 999 + 1:03d}")
    name = factory.Faker("city", locale="id_ID")
    kind = Village.Kind.DESA


class VillageLibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageLibrary

    village = factory.SubFactory(VillageFactory)
    name = factory.LazyAttribute(lambda o: f"Perpustakaan Desa {o.village.name}")
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.name} {o.village.code}"))
    address = factory.Faker("street_address", locale="id_ID")
    manager_name = factory.Faker("name", locale="id_ID")
    founded_year = 2015
    collection_size = 1200
