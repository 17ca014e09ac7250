"""What every importer needs to find places: official region names and codes compared as
people type them, and the villages and libraries of a file looked up in a few queries.

Moved down from the participant importer (`trainings.importing`) so that the beneficiary import
(`programs.importing`) finds villages and libraries by the same rules: by official code, or by
name within the regency (or province) the row names. No app above `villages` is imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Province, Regency, Village, VillageLibrary

_PLACE_PREFIXES = {
    "province": ("provinsi", "prov", "propinsi"),
    "regency": ("kabupaten", "kab", "kota", "kotamadya", "kotamadia", "regency", "city"),
    "district": ("kecamatan", "kec", "district"),
    "village": (
        "desa",
        "kelurahan",
        "kel",
        "ds",
        "village",
        "perpustakaan",
        "perpus",
        "perpusdes",
        "perpusdesa",
    ),
}


def place_key(text: str, kind: str) -> str:
    """A place name as compared: case, punctuation and leading prefixes ("Kab.", "Kabupaten",
    "Kota", "Desa", "Kelurahan", "Kec.", "Kecamatan", "Perpustakaan Desa") ignored."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^\w]+", " ", text).split()
    prefixes = _PLACE_PREFIXES[kind]
    while len(words) > 1 and words[0] in prefixes:
        words.pop(0)
    return " ".join(words)


def regency_kind(text: str) -> str:
    """ "kota", "kab" or "" (not said) from how a regency is written."""
    first = (re.sub(r"[^\w]+", " ", text.casefold()).split() or [""])[0]
    if first in ("kota", "kotamadya", "kotamadia", "city"):
        return "kota"
    if first in ("kabupaten", "kab", "regency"):
        return "kab"
    return ""


def normalise_village_code(text: str) -> str | None:
    """A village code as 51.03.02.2009, from that form or its ten digits; None otherwise."""
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", text.strip()) or (
        len(digits) == 10 and not re.search(r"[^\d.\s\-]", text)
    ):
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return None


#: Codes per ``IN (...)`` (SQLite allows 999 parameters).
CHUNK = 900


@dataclass(slots=True)
class Place:
    """A village as the importer compares it."""

    code: str
    name: str
    district_name: str
    regency_id: str
    province_id: str
    key: str  # place_key of the name
    district_key: str


class Places:
    """Region look-ups for one file, loaded in a few queries whatever its length."""

    def __init__(self) -> None:
        self.regencies: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for code, name in Regency.objects.values_list("code", "name"):
            kind = "kota" if name.casefold().startswith("kota ") else "kab"
            self.regencies[place_key(name, "regency")].append((code, kind, name))
        self.provinces = {
            place_key(name, "province"): code
            for code, name in Province.objects.values_list("code", "name")
        }
        self.regency_names = {
            code: name for entries in self.regencies.values() for code, _k, name in entries
        }
        self.by_code: dict[str, Place] = {}
        self.by_area_name: dict[tuple[str, str], list[Place]] = defaultdict(list)

    def regency_codes(self, text: str, province_text: str) -> list[str]:
        """The regencies a cell names ("Kab. Badung", "Kota Denpasar"), narrowed by province."""
        kind = regency_kind(text)
        codes = [
            c
            for c, k, _n in self.regencies.get(place_key(text, "regency"), [])
            if not kind or k == kind
        ]
        if province_text:
            province = self.provinces.get(place_key(province_text, "province"))
            if province:
                codes = [c for c in codes if c.startswith(province + ".")]
        return codes

    def load(self, codes: Iterable[str], areas: Iterable[str]) -> None:
        """Fetch the villages named by code, and every village of the regencies/provinces named."""
        fields = ("code", "name", "district__name", "regency_id", "province_id")
        codes, areas = sorted(set(codes)), sorted(set(areas))
        rows: list[tuple[str, str, str, str, str]] = []
        for start in range(0, len(codes), CHUNK):
            chunk = codes[start : start + CHUNK]
            rows += Village.objects.filter(code__in=chunk).values_list(*fields)
        regencies = [a for a in areas if "." in a]
        provinces = [a for a in areas if "." not in a]
        if regencies:
            rows += Village.objects.filter(regency_id__in=regencies).values_list(*fields)
        if provinces:
            rows += Village.objects.filter(province_id__in=provinces).values_list(*fields)
        for code, name, district, regency_id, province_id in rows:
            if code in self.by_code:
                continue
            place = Place(
                code=code,
                name=name,
                district_name=district,
                regency_id=regency_id,
                province_id=province_id,
                key=place_key(name, "village"),
                district_key=place_key(district, "district"),
            )
            self.by_code[code] = place
            self.by_area_name[(regency_id, place.key)].append(place)
            self.by_area_name[(province_id, place.key)].append(place)
        if regencies or provinces:
            self._load_library_names(regencies, provinces)

    def _load_library_names(self, regencies: list[str], provinces: list[str]) -> None:
        # A library may have a name of its own ("Perpustakaan Desa Sinar Ilmu"): found by it too.
        libraries = VillageLibrary.objects.none()
        if regencies:
            libraries = libraries | VillageLibrary.objects.filter(village__regency_id__in=regencies)
        if provinces:
            libraries = libraries | VillageLibrary.objects.filter(
                village__province_id__in=provinces
            )
        for name, code in libraries.values_list("name", "village_id"):
            place = self.by_code.get(code)
            if place is None:
                continue
            key = place_key(name, "village")
            if key == place.key:
                continue  # "Perpustakaan Desa Mengwi": already found as the village
            self.by_area_name[(place.regency_id, key)].append(place)
            self.by_area_name[(place.province_id, key)].append(place)

    def candidates(self, areas: Iterable[str], village_text: str) -> list[Place]:
        """The villages (or libraries) called `village_text` in the areas."""
        key = place_key(village_text, "village")
        return [place for area in areas for place in self.by_area_name.get((area, key), [])]

    def describe(self, place: Place) -> str:
        """ "Mengwi (51.03.02.2009, district Mengwi, Kabupaten Badung)": enough to tell apart."""
        regency = self.regency_names.get(place.regency_id, "")
        district = f"{_('district')} {place.district_name}"
        return f"{place.name} ({place.code}, {district}, {regency})"
