import factory
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils.text import slugify

from villages.models import District, Province, Regency, UserScope, Village, VillageLibrary

STAFF_PASSWORD = "Kata-Sandi-Uji-2024"

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


class RegencyLibraryFactory(factory.django.DjangoModelFactory):
    """A regency's or city's own public library (level regency, no village)."""

    class Meta:
        model = VillageLibrary

    level = VillageLibrary.Level.REGENCY
    regency = factory.SubFactory(RegencyFactory)
    name = factory.LazyAttribute(lambda o: f"Perpustakaan {o.regency.name}")
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.name} {o.regency.code}"))


class ProvinceLibraryFactory(factory.django.DjangoModelFactory):
    """A province's own public library (level province, no regency, no village)."""

    class Meta:
        model = VillageLibrary

    level = VillageLibrary.Level.PROVINCE
    province = factory.SubFactory(ProvinceFactory)
    name = factory.LazyAttribute(lambda o: f"Perpustakaan Provinsi {o.province.name}")
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.name} {o.province.code}"))


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff user who can log in with `STAFF_PASSWORD`.

    `scope` sets where they work: "national", a Province or a Regency, or its code ("51",
    "51.03"); no scope, they see nothing (the fail-closed case). `groups` takes role names
    (portal.roles), `permissions` permission codenames, e.g.
    `StaffFactory(scope="51.03", groups=[COORDINATOR, HEALTH_DATA])`.
    """

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staf-{n}")
    password = factory.django.Password(STAFF_PASSWORD)
    is_staff = True

    @factory.post_generation
    def scope(user, create, extracted, **kwargs):
        if not create or extracted is None:
            return
        if isinstance(extracted, str) and extracted != UserScope.Level.NATIONAL:
            extracted = (Province if len(extracted) == 2 else Regency).objects.get(code=extracted)
        if extracted == UserScope.Level.NATIONAL:
            UserScope.objects.create(user=user, level=UserScope.Level.NATIONAL)
        elif isinstance(extracted, Province):
            UserScope.objects.create(user=user, level=UserScope.Level.PROVINCE, province=extracted)
        elif isinstance(extracted, Regency):
            UserScope.objects.create(
                user=user,
                level=UserScope.Level.REGENCY,
                province_id=extracted.province_id,
                regency=extracted,
            )
        else:
            raise ValueError(f"scope must be 'national', a province or a regency: {extracted!r}")

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.set(Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def permissions(user, create, extracted, **kwargs):
        if create and extracted:
            user.user_permissions.add(*Permission.objects.filter(codename__in=extracted))
