"""Importing the literacy development index (IPLM) as Perpusnas publishes it.

A published table has title rows above a header such as "No", "Kode", "Kabupaten/Kota",
"Nilai IPLM", "Kategori", "Tahun", and one row per regency/city or province: the code in either
form (`5201` or `52.01`; `52` for a province), the name, the value with a decimal comma or dot
(`43,60`), the category as published ("Rendah") and the year. The engine is the other imports'
(`core.tabular` reads the file and finds the header, `core.importing` matches headers and
words the messages). Every row is checked before anything is written: an unknown code, a value
outside 0–100, an unknown category or a missing year is a row error, and one row error refuses
the whole file (all or nothing: a published table is one set of figures). A value already
stored with the same figures is "unchanged"; a different one is an update. A preview writes
nothing; a commit makes the plan again inside one transaction.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_bulk
from core.exporters import Column
from core.formulas import unneutralise
from core.importing import ERROR, HeaderIndex, ImportRefused, RowMessage, normalise_header
from core.tabular import Table, read_table

from .models import LiteracyIndex, Province, Regency
from .scoping import is_national

NEW, UPDATE, UNCHANGED = "new", "update", "unchanged"
OUTCOMES = (NEW, UPDATE, UNCHANGED, ERROR)

COLUMNS: tuple[Column, ...] = (
    Column("number", gettext_lazy("No."), "No", "No", ("Nomor", "No.")),
    Column(
        "code",
        gettext_lazy("Code"),
        "Kode",
        "Code",
        ("Kode Wilayah", "Kode Kab/Kota", "Kode Kabupaten/Kota", "Kode Provinsi", "Kode BPS"),
    ),
    Column(
        "name",
        gettext_lazy("Region"),
        "Kabupaten/Kota",
        "Regency/city",
        ("Kab/Kota", "Kab./Kota", "Provinsi", "Wilayah", "Nama Wilayah", "Nama Daerah", "Daerah"),
    ),
    Column("value", gettext_lazy("IPLM value"), "Nilai IPLM", "IPLM value", ("IPLM", "Nilai")),
    Column("category", gettext_lazy("Category"), "Kategori", "Category", ("Kategori IPLM",)),
    Column("year", gettext_lazy("Year"), "Tahun", "Year"),
)
HEADERS = HeaderIndex(COLUMNS)

#: The categories as published (and in English), normalised → choice.
CATEGORY_WORDS = {
    "sangatrendah": LiteracyIndex.Category.VERY_LOW,
    "rendah": LiteracyIndex.Category.LOW,
    "sedang": LiteracyIndex.Category.MEDIUM,
    "tinggi": LiteracyIndex.Category.HIGH,
    "sangattinggi": LiteracyIndex.Category.VERY_HIGH,
    "verylow": LiteracyIndex.Category.VERY_LOW,
    "low": LiteracyIndex.Category.LOW,
    "medium": LiteracyIndex.Category.MEDIUM,
    "high": LiteracyIndex.Category.HIGH,
    "veryhigh": LiteracyIndex.Category.VERY_HIGH,
}
_NAME_PREFIX = re.compile(r"^(kabupaten|kab|kota|provinsi|prov)")


def region_code(text: str) -> str | None:
    """`5201`, `52.01`, `52 01` → "52.01"; `52` → "52"; anything else → None."""
    digits = re.sub(r"[\s.]", "", text)
    if re.fullmatch(r"\d{2}", digits):
        return digits
    if re.fullmatch(r"\d{4}", digits):
        return f"{digits[:2]}.{digits[2:]}"
    return None


def parse_value(text: str) -> Decimal | None:
    """`43,60` or `43.60` → Decimal("43.60"); None when not a number from 0 to 100 with at most
    two decimals."""
    text = text.replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > 100:
        return None
    if value != value.quantize(Decimal("0.01")):
        return None
    return value.quantize(Decimal("0.01"))


def _name_key(text: str) -> str:
    return _NAME_PREFIX.sub("", normalise_header(text))


@dataclass
class IndexRow:
    number: int
    outcome: str = NEW
    messages: list[RowMessage] = field(default_factory=list)
    code: str = ""
    place: str = ""
    year: int | None = None
    value: Decimal | None = None
    category: str = ""
    existing_pk: int | None = None

    def error(self, column: str, text: str) -> None:
        self.outcome = ERROR
        self.messages.append(RowMessage(self.number, column, text))


@dataclass
class IndexReport:
    filename: str
    sha256: str
    source: str
    is_sample: bool
    rows: list[IndexRow]
    committed: bool = False
    written_pks: list[int] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.outcome for row in self.rows)
        return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == ERROR for row in self.rows)

    @property
    def writable(self) -> bool:
        return not self.has_errors and any(r.outcome in (NEW, UPDATE) for r in self.rows)


def may_import_indicators(user: Any) -> bool:
    """Published national figures: national staff (and superusers) only."""
    return is_national(user) and user.has_perm("villages.add_literacyindex")


def indicators_import(
    *,
    user: Any,
    data: bytes,
    filename: str,
    source: str = "",
    year: int | None = None,
    is_sample: bool = False,
    commit: bool = False,
) -> IndexReport:
    """Preview (``commit=False``) or write an IPLM table. `year` is used for rows without a
    year column. Raises ImportRefused for an unusable file or a user who may not import."""
    if not may_import_indicators(user):
        raise ImportRefused(_("Only national staff import the literacy index."))
    table = read_table(data, filename=filename, header_score=HEADERS.score)
    options = {
        "table": table,
        "data": data,
        "filename": filename,
        "source": (source or filename)[:300],
        "year": year,
        "is_sample": is_sample,
    }
    if not commit:
        return _plan(**options)
    with transaction.atomic():
        report = _plan(**options)
        if report.writable:
            _write(report, user=user)
        return report


def _columns(table: Table, year: int | None) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for index, header in enumerate(table.header):
        column = HEADERS.column(header) if header else None
        if column is not None and column.key not in found:
            found[column.key] = (index, header)
    missing = [key for key in ("code", "value", "category") if key not in found]
    if year is None and "year" not in found:
        missing.append("year")
    if missing:
        names = {c.key: c.header_id for c in COLUMNS}
        raise ImportRefused(
            _("Missing columns (row %(row)d: %(header)s): %(missing)s.")
            % {
                "row": table.header_row_number,
                "header": ", ".join(h for h in table.header if h),
                "missing": ", ".join(f"“{names[k]}”" for k in missing),
            }
        )
    if not table.rows:
        raise ImportRefused(_("The file has a header row but no values below it."))
    return found


def _plan(
    *,
    table: Table,
    data: bytes,
    filename: str,
    source: str,
    year: int | None,
    is_sample: bool,
) -> IndexReport:
    columns = _columns(table, year)
    label = {key: header for key, (_i, header) in columns.items()}
    report = IndexReport(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        is_sample=is_sample,
        rows=[],
    )
    pending: list[tuple[IndexRow, dict[str, str]]] = []
    for row in table.rows:
        cells = {key: unneutralise(row.get(i).strip()) for key, (i, _h) in columns.items()}
        if not any(v for k, v in cells.items() if k != "number"):
            continue
        planned = IndexRow(row.number)
        report.rows.append(planned)
        pending.append((planned, cells))
    for planned, cells in pending:
        _check(planned, cells, label, year)
    codes = {r.code for r in report.rows if r.code}
    names = dict(Province.objects.filter(code__in=codes).values_list("code", "name"))
    names.update(Regency.objects.filter(code__in=codes).values_list("code", "name"))
    seen: dict[tuple[str, int | None], int] = {}
    for planned, cells in pending:
        if not planned.code:
            continue
        if planned.code not in names:
            planned.error(
                label["code"],
                _("there is no province or regency/city with the code %(code)s.")
                % {"code": planned.code},
            )
            continue
        planned.place = names[planned.code]
        given = cells.get("name", "")
        if given and _name_key(given) != _name_key(names[planned.code]):
            # A note, not an error: published names abbreviate ("Kab. Kep. …"); the code rules.
            planned.messages.append(
                RowMessage(
                    planned.number,
                    label["name"],
                    _("check: %(code)s is %(name)s officially, the file says “%(given)s”.")
                    % {"given": given, "code": planned.code, "name": names[planned.code]},
                )
            )
        key = (planned.code, planned.year)
        if key in seen:
            planned.error("", _("the same region and year as row %(row)d.") % {"row": seen[key]})
        seen.setdefault(key, planned.number)
    _match_existing(report)
    return report


def _check(planned: IndexRow, cells: dict[str, str], label: dict[str, str], year: int | None):
    code_text = cells.get("code", "")
    code = region_code(code_text)
    if code is None:
        planned.error(
            label["code"],
            _("“%(value)s” is not a regency/city code (5201 or 52.01) or province code (52).")
            % {"value": code_text},
        )
    else:
        planned.code = code
    value_text = cells.get("value", "")
    planned.value = parse_value(value_text)
    if planned.value is None:
        planned.error(
            label["value"],
            _("“%(value)s” is not an IPLM value (a number from 0 to 100, like 43,60).")
            % {"value": value_text},
        )
    category_text = cells.get("category", "")
    planned.category = CATEGORY_WORDS.get(normalise_header(category_text), "")
    if not planned.category:
        planned.error(
            label["category"],
            _(
                "“%(value)s” is not a category (Sangat Rendah, Rendah, Sedang, Tinggi, "
                "Sangat Tinggi)."
            )
            % {"value": category_text},
        )
    year_text = cells.get("year", "")
    if year_text:
        planned.year = int(year_text) if re.fullmatch(r"(19|20|21)\d\d", year_text) else None
        if planned.year is None:
            planned.error(label["year"], _("“%(value)s” is not a year.") % {"value": year_text})
    elif year is not None:
        planned.year = year
    else:
        planned.error(label.get("year", ""), _("the year is missing."))


def _match_existing(report: IndexReport) -> None:
    """New, update or unchanged against the stored values: one query."""
    rows = [r for r in report.rows if r.outcome != ERROR]
    if not rows:
        return
    years = {r.year for r in rows}
    stored = {
        (item.region_code, item.year): item
        for item in LiteracyIndex.objects.filter(year__in=years).only(
            "pk", "province_id", "regency_id", "year", "value", "category", "source", "is_sample"
        )
    }
    for row in rows:
        item = stored.get((row.code, row.year))
        if item is None:
            continue
        row.existing_pk = item.pk
        same = (item.value, item.category, item.source, item.is_sample) == (
            row.value,
            row.category,
            report.source,
            report.is_sample,
        )
        row.outcome = UNCHANGED if same else UPDATE


def _write(report: IndexReport, *, user: Any) -> None:
    written: list[int] = []
    for row in report.rows:
        if row.outcome not in (NEW, UPDATE):
            continue
        fields = {
            "value": row.value,
            "category": row.category,
            "source": report.source,
            "is_sample": report.is_sample,
        }
        if row.outcome == UPDATE:
            LiteracyIndex.objects.filter(pk=row.existing_pk).update(**fields, modified=now())
            written.append(row.existing_pk)
        else:
            item = LiteracyIndex.objects.create(
                province_id=row.code[:2],
                regency_id=row.code if "." in row.code else None,
                year=row.year,
                **fields,
            )
            written.append(item.pk)
    report.written_pks = written
    audit_bulk(
        user=user,
        action="import",
        model=LiteracyIndex,
        pks=written,
        detail={
            "file": report.filename,
            "sha256": report.sha256,
            "source": report.source,
            "counts": report.counts,
        },
    )
    report.committed = True
