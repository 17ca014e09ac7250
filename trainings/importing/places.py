"""Finding the village (and so the library) of each row: by its official code, or by its name
within the regency the row names (or the event's region), loaded in a few queries per file."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

# Moved to villages.importing (issue 10), shared with the beneficiary import.
from villages.importing import CHUNK, Place, Places  # noqa: E402,F401
from villages.models import Village, VillageLibrary

from .normalise import normalise_village_code, place_key
from .report import ERROR, PlannedRow
from .source import FileColumns, SourceRow

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
