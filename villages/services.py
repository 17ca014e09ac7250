"""Writes on libraries (village, regency/city and province libraries)."""

from django.db import transaction
from django.utils.text import slugify

from .models import Province, Regency, Village, VillageLibrary

_REGENCY_PREFIXES = ("Kabupaten ", "Kota ")


def _regency_short_name(name: str) -> str:
    for prefix in _REGENCY_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _unique_slug(base: str, *, code: str, exclude_pk: int | None = None) -> str:
    taken = VillageLibrary.objects.filter(slug=base).exclude(pk=exclude_pk).exists()
    return f"{base}-{slugify(code)}" if taken else base


def library_slug(*, name: str, village: Village) -> str:
    """A readable, unique slug: the library's name and its regency, then the village code
    if that is still taken (village names repeat, even within one province)."""
    base = slugify(f"{name} {_regency_short_name(village.regency.name)}")[:180]
    taken = VillageLibrary.objects.filter(slug=base).exclude(village=village).exists()
    return f"{base}-{slugify(village.code)}" if taken else base


@transaction.atomic
def library_get_or_create(
    *, village: Village, name: str = "", **profile
) -> tuple[VillageLibrary, bool]:
    """The library of a village, created (named "Perpustakaan Desa/Kelurahan <village>") if it
    has none yet. Profile fields given update an existing library too."""
    library = VillageLibrary.objects.filter(village=village).first()
    if library is None:
        kind = "Kelurahan" if village.kind == Village.Kind.KELURAHAN else "Desa"
        name = name or f"Perpustakaan {kind} {village.name}"
        library = VillageLibrary(
            level=VillageLibrary.Level.VILLAGE,
            village=village,
            name=name,
            slug=library_slug(name=name, village=village),
        )
        return _create(library, profile), True
    return _update(library, profile), False


@transaction.atomic
def regional_library_get_or_create(
    *, region: Province | Regency, name: str = "", **profile
) -> tuple[VillageLibrary, bool]:
    """The public library of a province or a regency/city (one each), created if missing:
    named "Perpustakaan Provinsi <name>" / "Perpustakaan Kabupaten|Kota <name>" unless given.
    Profile fields given update an existing library too."""
    if isinstance(region, Province):
        level, lookup = VillageLibrary.Level.PROVINCE, {"province": region}
        default_name = f"Perpustakaan Provinsi {region.name}"
    else:
        level, lookup = VillageLibrary.Level.REGENCY, {"regency": region}
        default_name = f"Perpustakaan {region.name}"
    library = VillageLibrary.objects.filter(level=level, **lookup).first()
    if library is not None:
        return _update(library, profile), False
    name = name or default_name
    library = VillageLibrary(
        level=level,
        name=name,
        slug=_unique_slug(slugify(name)[:180], code=region.code),
        **lookup,
    )
    return _create(library, profile), True


def _create(library: VillageLibrary, profile: dict) -> VillageLibrary:
    for key, value in profile.items():
        setattr(library, key, value)
    library.full_clean()
    library.save()
    return library


def _update(library: VillageLibrary, profile: dict) -> VillageLibrary:
    changed = [key for key, value in profile.items() if getattr(library, key) != value]
    for key in changed:
        setattr(library, key, profile[key])
    if changed:
        library.full_clean()
        library.save(update_fields=[*changed, "modified"])
    return library
