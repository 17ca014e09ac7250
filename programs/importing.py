"""Importing a decree's annex: the beneficiary libraries of a cycle, as offices publish them.

The annex of a selection decree is a table with title rows above it and numbered rows
("No", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Nama Perpustakaan", or a
"Kode Desa"). The import engine is the participant import's (`core.tabular` reads the file and
finds the header row, `core.importing` matches headers and reports, `villages.importing` finds
villages and libraries by code or by name within the region the row names), in the same two
steps: a preview that writes nothing, then a commit that makes the plan again inside one
transaction and writes all of it, or nothing in strict mode when a row has an error.

A row names a village library (a village), a regency/city library (a regency, no village) or a
province library (only a province). A village without a library gets one; a row repeated in
the file, or a library already a beneficiary of the cycle, is a duplicate and writes nothing:
importing the same annex twice changes nothing. An annex is the national office's decision:
only users who may take the "select" step may import one; its rows are written as selected.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from core.audit import audit_bulk
from core.exporters import Column
from core.formulas import unneutralise
from core.importing import (
    DUPLICATE,
    ERROR,
    NEW,
    OUTCOMES,
    HeaderIndex,
    ImportRefused,
    RowMessage,
)
from core.tabular import Table, read_table
from villages.importing import Places, normalise_village_code, place_key
from villages.models import VillageLibrary
from villages.services import library_get_or_create, regional_library_get_or_create

from .models import Beneficiary, ProgramCycle
from .services import step_allowed

ANNEX_COLUMNS: tuple[Column, ...] = (
    Column("number", gettext_lazy("No."), "No", "No", ("Nomor", "No.", "Nomor Urut")),
    Column("province", gettext_lazy("Province"), "Provinsi", "Province"),
    Column(
        "regency",
        gettext_lazy("Regency/city"),
        "Kabupaten/Kota",
        "Regency/city",
        ("Kabupaten", "Kota", "Kab/Kota", "Kab./Kota"),
    ),
    Column("district", gettext_lazy("District"), "Kecamatan", "District"),
    Column(
        "village",
        gettext_lazy("Village"),
        "Desa/Kelurahan",
        "Village",
        ("Desa", "Kelurahan", "Desa/Kel"),
    ),
    Column(
        "library",
        gettext_lazy("Library"),
        "Nama Perpustakaan",
        "Library",
        ("Perpustakaan", "Nama Perpustakaan Desa", "Perpustakaan Desa/Kelurahan"),
    ),
    Column("village_code", gettext_lazy("Village code"), "Kode Desa", "Village code"),
)
HEADERS = HeaderIndex(ANNEX_COLUMNS)


@dataclass
class AnnexRow:
    """One numbered row of the annex: where it points, and what it will do."""

    number: int
    outcome: str = NEW
    messages: list[RowMessage] = field(default_factory=list)
    level: str = VillageLibrary.Level.VILLAGE
    region_code: str = ""  # village, regency or province code
    place: str = ""  # as it will be shown
    library_id: int | None = None

    def error(self, column: str, text: str) -> None:
        self.outcome = ERROR
        self.messages.append(RowMessage(self.number, column, text))

    def note(self, text: str) -> None:
        self.messages.append(RowMessage(self.number, "", text))


@dataclass
class AnnexReport:
    cycle: ProgramCycle
    filename: str
    sha256: str
    rows: list[AnnexRow]
    strict: bool = False
    committed: bool = False
    created_pks: list[int] = field(default_factory=list)
    libraries_created: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.outcome for row in self.rows)
        return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == ERROR for row in self.rows)

    @property
    def writable(self) -> bool:
        if self.strict and self.has_errors:
            return False
        return any(row.outcome == NEW for row in self.rows)


def beneficiaries_import(
    *,
    cycle: ProgramCycle,
    user: Any,
    data: bytes,
    filename: str,
    strict: bool = False,
    commit: bool = False,
) -> AnnexReport:
    """Preview (``commit=False``) or carry out the import of a decree's annex into ``cycle``.

    Raises ImportRefused when the file cannot be used or the user may not select beneficiaries;
    row problems are row errors in the report. A commit writes, in one transaction, the missing
    libraries and the new beneficiaries (status selected) with their history, and one audit
    record."""
    if not step_allowed(user, "select"):
        raise ImportRefused(
            _("Only the national office imports a decree's annex (selecting beneficiaries).")
        )
    table = read_table(data, filename=filename, header_score=HEADERS.score)
    if not commit:
        return _plan(cycle=cycle, table=table, data=data, filename=filename, strict=strict)
    with transaction.atomic():
        cycle = ProgramCycle.objects.select_for_update().get(pk=cycle.pk)
        report = _plan(cycle=cycle, table=table, data=data, filename=filename, strict=strict)
        if report.writable:
            _write(report, user=user)
        return report


def _columns(table: Table) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for index, header in enumerate(table.header):
        column = HEADERS.column(header) if header else None
        if column is not None and column.key not in found:
            found[column.key] = (index, header)
    if not ({"village_code", "province", "regency"} & found.keys()):
        raise ImportRefused(
            _(
                "No column says where each library is (row %(row)d: %(header)s). Give "
                "“Provinsi”, “Kabupaten/Kota” and “Desa/Kelurahan”, or “Kode Desa”."
            )
            % {"row": table.header_row_number, "header": ", ".join(h for h in table.header if h)}
        )
    if not table.rows:
        raise ImportRefused(_("The file has a header row but no libraries below it."))
    return found


def _plan(
    *, cycle: ProgramCycle, table: Table, data: bytes, filename: str, strict: bool
) -> AnnexReport:
    columns = _columns(table)
    report = AnnexReport(
        cycle=cycle,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        rows=[],
        strict=strict,
    )
    places = Places()
    pending: list[tuple[AnnexRow, dict[str, str]]] = []
    for row in table.rows:
        cells = {key: unneutralise(row.get(i).strip()) for key, (i, _h) in columns.items()}
        if not any(v for k, v in cells.items() if k != "number"):
            continue  # blank lines, and the signature block's empty cells
        planned = AnnexRow(row.number)
        report.rows.append(planned)
        pending.append((planned, cells))
    label = {key: header for key, (_i, header) in columns.items()}
    codes, areas = [], []
    for planned, cells in pending:
        _locate(planned, cells, label, places)
        if planned.outcome != ERROR and planned.level == VillageLibrary.Level.VILLAGE:
            if planned.region_code:
                codes.append(planned.region_code)
            else:
                areas.extend(cells.get("_areas", "").split())
    places.load(codes, areas)
    for planned, cells in pending:
        if planned.outcome != ERROR:
            _resolve(planned, cells, label, places)
    _match_libraries(report, cycle)
    return report


def _locate(planned: AnnexRow, cells: dict, label: dict, places: Places) -> None:
    code_text = cells.get("village_code", "")
    if code_text:
        code = normalise_village_code(code_text)
        if code is None:
            planned.error(
                label["village_code"],
                _("“%(value)s” is not a village code (like 51.03.02.2009).") % {"value": code_text},
            )
        else:
            planned.region_code = code
        return
    province_text, regency_text = cells.get("province", ""), cells.get("regency", "")
    village_text = cells.get("village", "")
    province = places.provinces.get(place_key(province_text, "province")) if province_text else None
    if province_text and province is None:
        planned.error(
            label["province"], _("no province called “%(value)s”.") % {"value": province_text}
        )
        return
    if not regency_text:
        if village_text:
            planned.error(label.get("regency", ""), _("the regency/city is missing."))
        elif province is None:
            planned.error("", _("the row names no province, regency/city or village."))
        else:
            planned.level, planned.region_code = VillageLibrary.Level.PROVINCE, province
        return
    regencies = places.regency_codes(regency_text, province_text)
    if len(regencies) != 1:
        planned.error(
            label["regency"],
            _("no regency or city called “%(value)s”.") % {"value": regency_text}
            if not regencies
            else _("“%(value)s” names several regencies; give the province.")
            % {"value": regency_text},
        )
        return
    if not village_text:
        planned.level, planned.region_code = VillageLibrary.Level.REGENCY, regencies[0]
        return
    cells["_areas"] = regencies[0]


def _resolve(planned: AnnexRow, cells: dict, label: dict, places: Places) -> None:
    if planned.level != VillageLibrary.Level.VILLAGE:
        return
    column = label.get("village_code") or label.get("village", "")
    if planned.region_code:
        place = places.by_code.get(planned.region_code)
        if place is None:
            planned.error(
                column,
                _("there is no village with the code %(code)s.") % {"code": planned.region_code},
            )
        else:
            planned.place = places.describe(place)
        return
    candidates = places.candidates([cells["_areas"]], cells["village"])
    district_text = cells.get("district", "")
    if district_text and len(candidates) > 1:
        key = place_key(district_text, "district")
        candidates = [p for p in candidates if p.district_key == key] or candidates
    if not candidates:
        planned.error(
            label["village"],
            _("no village called “%(village)s” was found in %(where)s.")
            % {"village": cells["village"], "where": cells.get("regency", "")},
        )
    elif len(candidates) > 1:
        planned.error(
            label["village"],
            _(
                "“%(village)s” names %(count)d villages: "
                "%(candidates)s. Add the district or the village code."
            )
            % {
                "village": cells["village"],
                "count": len(candidates),
                "candidates": "; ".join(places.describe(p) for p in candidates),
            },
        )
    else:
        planned.region_code = candidates[0].code
        planned.place = places.describe(candidates[0])


def _match_libraries(report: AnnexReport, cycle: ProgramCycle) -> None:
    """Find each row's library (it may not exist yet), then mark repeats and libraries already
    in the cycle as duplicates. Two queries."""
    rows = [r for r in report.rows if r.outcome != ERROR]
    codes = {r.region_code for r in rows}
    libraries = {
        (level, code): pk
        for pk, level, code in VillageLibrary.objects.filter(region_code__in=codes).values_list(
            "pk", "level", "region_code"
        )
    }
    taken = set(
        Beneficiary.objects.filter(cycle=cycle, library_id__in=libraries.values()).values_list(
            "library_id", flat=True
        )
    )
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.level, row.region_code)
        row.place = row.place or row.region_code
        row.library_id = libraries.get(key)
        if key in seen:
            row.outcome = DUPLICATE
            row.note(_("the same library as row %(row)d.") % {"row": seen[key]})
        elif row.library_id in taken:
            row.outcome = DUPLICATE
            row.note(_("already a beneficiary of %(cycle)s.") % {"cycle": cycle})
        elif row.library_id is None:
            row.note(_("%(place)s has no library yet: it will be created.") % {"place": row.place})
        seen.setdefault(key, row.number)


def _write(report: AnnexReport, *, user: Any) -> None:
    from villages.models import Province, Regency, Village

    new = [r for r in report.rows if r.outcome == NEW]
    for row in new:
        if row.library_id is not None:
            continue
        if row.level == VillageLibrary.Level.VILLAGE:
            village = Village.objects.select_related("regency").get(code=row.region_code)
            library, _created = library_get_or_create(village=village)
        elif row.level == VillageLibrary.Level.REGENCY:
            library, _created = regional_library_get_or_create(
                region=Regency.objects.get(code=row.region_code)
            )
        else:
            library, _created = regional_library_get_or_create(
                region=Province.objects.get(code=row.region_code)
            )
        row.library_id = library.pk
        report.libraries_created.append(f"{library.name} ({library.region_code})")
    created = bulk_create_with_history(
        [
            Beneficiary(
                cycle=report.cycle,
                library_id=row.library_id,
                status=Beneficiary.Status.SELECTED,
            )
            for row in new
        ],
        Beneficiary,
        default_user=user,
        default_change_reason="import: decree annex",
    )
    report.created_pks = [b.pk for b in created]
    audit_bulk(
        user=user,
        action="import",
        model=Beneficiary,
        pks=report.created_pks,
        detail={
            "cycle": report.cycle.year,
            "file": report.filename,
            "sha256": report.sha256,
            "counts": report.counts,
            "strict": report.strict,
            "libraries_created": report.libraries_created,
        },
    )
    report.committed = True
