"""Finding the village (and so the library) of each row: by its official code, or by its name
within the regency the row names (or the event's region), loaded in a few queries per file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from villages.models import Province, Regency, Village, VillageLibrary

from .normalise import normalise_village_code, place_key, regency_kind
from .report import ERROR, PlannedRow
from .source import FileColumns, SourceRow

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


# --- locating each row ---------------------------------------------------------------------


def _village_column(source: SourceRow, columns: FileColumns) -> str:
    return columns.label("village") if source.get("village") else columns.label("library")


def locate(
    planned: PlannedRow,
    source: SourceRow,
    columns: FileColumns,
    default_areas: tuple[str, ...],
    places: Places,
) -> None:
    """The village code, or the village's name and the areas to look for it in.

    ``default_areas``: where a village named without its regency is looked for, the regions
    the event serves within the importing user's scope (`participation.event_areas_for`).
    """
    code_text = source.get("village_code")
    if code_text:
        code = normalise_village_code(code_text)
        if code is None:
            planned.error(
                columns.label("village_code"),
                _("“%(value)s” is not a village code (like 51.03.02.2009).") % {"value": code_text},
            )
        else:
            planned.village_code = code
        return
    village_text = source.get("village") or source.get("library")
    if not village_text:
        planned.error(
            _village_column(source, columns) or columns.label("village_code"),
            _("the village (or its code) is missing."),
        )
        return
    planned.village_name = village_text
    regency_text = source.get("regency")
    if not regency_text:
        if not default_areas:
            planned.error(
                columns.label("regency") or _village_column(source, columns),
                _("the event serves no region of yours: name the regency of “%(village)s”.")
                % {"village": village_text},
            )
            return
        planned.areas = default_areas
        return
    planned.areas = tuple(places.regency_codes(regency_text, source.get("province")))
    if not planned.areas:
        planned.error(
            columns.label("regency"),
            _("no regency or city called “%(value)s”.") % {"value": regency_text},
        )


def resolve_village(
    planned: PlannedRow, source: SourceRow, columns: FileColumns, places: Places
) -> None:
    if planned.village_code:
        place = places.by_code.get(planned.village_code)
        if place is None:
            planned.error(
                columns.label("village_code"),
                _("there is no village with the code %(code)s.") % {"code": planned.village_code},
            )
        else:
            planned.village_name = place.name
        return
    candidates = places.candidates(planned.areas, planned.village_name)
    district_text = source.get("district")
    if district_text and candidates:
        district = place_key(district_text, "district")
        narrowed = [p for p in candidates if p.district_key == district]
        if not narrowed:
            planned.error(
                columns.label("district"),
                _(
                    "there is no village “%(village)s” in the district "
                    "“%(district)s”; it exists in: %(candidates)s."
                )
                % {
                    "village": planned.village_name,
                    "district": district_text,
                    "candidates": "; ".join(places.describe(p) for p in candidates),
                },
            )
            return
        candidates = narrowed
    column = _village_column(source, columns)
    if not candidates:
        where = source.get("regency") or places.regency_names.get(planned.areas[0], "")
        # (a row located by name always has an area: its regency's, or the event's)
        planned.error(
            column,
            _("no village called “%(village)s” was found in %(where)s.")
            % {"village": planned.village_name, "where": where or _("the event's region")},
        )
    elif len(candidates) > 1:
        planned.error(
            column,
            _(
                "“%(village)s” names %(count)d villages: "
                "%(candidates)s. Add the district or the village code."
            )
            % {
                "village": planned.village_name,
                "count": len(candidates),
                "candidates": "; ".join(places.describe(p) for p in candidates),
            },
        )
    else:
        planned.village_code = candidates[0].code
        planned.village_name = candidates[0].name  # the official spelling


def check_scope_and_libraries(
    rows: list[PlannedRow],
    user: Any,
    columns: FileColumns,
    places: Places,
    create_libraries: bool,
) -> None:
    """Each located row's village must be in the user's region and have a library (or get
    one, with ``create_libraries``)."""
    codes = sorted({p.village_code for p in rows if p.village_code and p.outcome != ERROR})
    libraries: dict[str, int] = {}
    in_scope: set[str] = set()
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        libraries.update(
            VillageLibrary.objects.filter(village_id__in=chunk).values_list("village_id", "id")
        )
        in_scope.update(
            Village.objects.in_scope(user).filter(code__in=chunk).values_list("code", flat=True)
        )
    column = columns.label("village_code") or columns.label("village") or columns.label("library")
    for planned in rows:
        if planned.outcome == ERROR or not planned.village_code:
            continue
        code = planned.village_code
        if code in in_scope and code in libraries:
            planned.library_id = libraries[code]
            continue  # the usual case: nothing to say
        village = places.describe(places.by_code[code])
        if code not in in_scope:
            planned.error(column, _("%(village)s is outside your region.") % {"village": village})
            continue
        if create_libraries:
            planned.note(
                _("the village %(village)s has no library yet: it will be created.")
                % {"village": village}
            )
        else:
            planned.error(
                column,
                _(
                    "the village %(village)s has no library yet. Tick "
                    "“create missing libraries” to create it."
                )
                % {"village": village},
            )
