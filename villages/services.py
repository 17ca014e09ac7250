"""Writes on village libraries."""

from django.db import transaction
from django.utils.text import slugify

from .models import Village, VillageLibrary

_REGENCY_PREFIXES = ("Kabupaten ", "Kota ")


def _regency_short_name(name: str) -> str:
    for prefix in _REGENCY_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


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
            village=village, name=name, slug=library_slug(name=name, village=village)
        )
        for key, value in profile.items():
            setattr(library, key, value)
        library.full_clean()
        library.save()
        return library, True
    changed = [key for key, value in profile.items() if getattr(library, key) != value]
    for key in changed:
        setattr(library, key, profile[key])
    if changed:
        library.full_clean()
        library.save(update_fields=[*changed, "modified"])
    return library, False
