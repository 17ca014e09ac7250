"""The public datasets of `/data/` and of the public API (`/api/v1/…`): what they hold, what
each column means, and how each is written.

Each dataset is an exporter of the exporter framework (`core.exporters`: CSV with a BOM, the
formula guard, streaming) plus a data dictionary: every column's name in both languages, its
type and its meaning in both languages. The JSON form and the public API use the same
exporters' queries and column keys, so the CSV, the JSON and the API never disagree.

Open data holds no personal data: no person's name, phone, e-mail or health result, and no
library contact. Counts of people are public; who they are is not. Licence: CC BY 4.0.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, F, Max, QuerySet, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.exporters import Column, Exporter
from core.formulas import neutralise as guard_cell
from programs.exporters import PublicBeneficiaryExporter
from programs.models import Beneficiary
from programs.selectors import beneficiaries_public
from trainings.models import Attendance, Participant, TrainingEvent
from villages.models import VillageLibrary

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = "Perpustakaan Nasional Republik Indonesia"


@dataclass(frozen=True)
class Meaning:
    """A column's type and meaning (in the dictionary, in both languages)."""

    type: str  # "text", "integer", "date", "decimal", "url", "month"
    meaning: str | Promise


def _page_template(name: str, language: str, **kwargs: str) -> tuple[str, str]:
    """A public page's path split around a marker, to build page addresses in SQL."""
    with translation.override(language):
        path = reverse(name, kwargs={k: "slug-mark" for k in kwargs} or None)
    before, after = path.split("slug-mark")
    return before, after


class _PublicExporter(Exporter):
    """An open-data exporter: public rows, CSV only, not audited (no protected column)."""

    formats = ("csv",)
    audited = False

    def __init__(self, *, base_url: str = "", **kwargs: Any) -> None:
        self.base_url = base_url.rstrip("/")
        super().__init__(**kwargs)


class LibraryExporter(_PublicExporter):
    """Active village libraries: where they are and their public profile, no contact data."""

    identifier = "perpustakaan-desa-tpbis"
    verbose_name = _("Village libraries")
    columns = (
        Column("slug", _("Identifier"), "Pengenal", "Identifier"),
        Column("library", _("Library"), "Perpustakaan", "Library"),
        Column("village_code", _("Village code"), "Kode desa", "Village code"),
        Column("village", _("Village"), "Desa", "Village"),
        Column("district", _("District"), "Kecamatan", "District"),
        Column("regency_code", _("Regency code"), "Kode kabupaten/kota", "Regency code"),
        Column("regency", _("Regency/city"), "Kabupaten/kota", "Regency/city"),
        Column("province_code", _("Province code"), "Kode provinsi", "Province code"),
        Column("province", _("Province"), "Provinsi", "Province"),
        Column("founded_year", _("Founding year"), "Tahun berdiri", "Founding year"),
        Column("collection_size", _("Collection size"), "Jumlah koleksi", "Collection size"),
        Column("latitude", _("Latitude"), "Lintang", "Latitude"),
        Column("longitude", _("Longitude"), "Bujur", "Longitude"),
        Column("library_page", _("Library page"), "Halaman perpustakaan", "Library page"),
    )

    def get_queryset(self) -> QuerySet:
        qs = VillageLibrary.objects.filter(is_active=True)
        if self.filters.get("province"):
            qs = qs.filter(province=self.filters["province"])
        if self.filters.get("regency"):
            qs = qs.filter(regency=self.filters["regency"])
        return qs.order_by("province", "regency", "village", "pk")

    def field_expressions(self) -> dict[str, Any]:
        before, after = _page_template("villages:library-detail", self.language, slug="x")
        return {
            "slug": "slug",
            "library": "name",
            "village_code": "village_id",
            "village": "village__name",
            "district": "village__district__name",
            "regency_code": "regency_id",
            "regency": "regency__name",
            "province_code": "province_id",
            "province": "province__name",
            "founded_year": "founded_year",
            "collection_size": "collection_size",
            "latitude": "latitude",
            "longitude": "longitude",
            "library_page": Concat(
                Value(self.base_url + before), F("slug"), Value(after), output_field=CharField()
            ),
        }


class EventExporter(_PublicExporter):
    """Published Bimtek events and their public facts, with counts of people (never names)."""

    identifier = "bimtek-tpbis"
    verbose_name = _("Bimtek trainings")
    columns = (
        Column("slug", _("Identifier"), "Pengenal", "Identifier"),
        Column("title", _("Title"), "Judul", "Title"),
        Column("cycle", _("Cycle"), "Siklus", "Cycle"),
        Column("start_date", _("Start date"), "Tanggal mulai", "Start date"),
        Column("end_date", _("End date"), "Tanggal selesai", "End date"),
        Column("venue", _("Venue"), "Tempat", "Venue"),
        Column("province_code", _("Province code"), "Kode provinsi", "Province code"),
        Column("province", _("Province"), "Provinsi", "Province"),
        Column("regency_code", _("Regency code"), "Kode kabupaten/kota", "Regency code"),
        Column("regency", _("Regency/city"), "Kabupaten/kota", "Regency/city"),
        Column("organiser", _("Organiser"), "Penyelenggara", "Organiser"),
        Column("participants", _("Participants"), "Peserta", "Participants"),
        Column("libraries", _("Libraries"), "Perpustakaan", "Libraries"),
        Column("event_page", _("Event page"), "Halaman Bimtek", "Event page"),
    )

    def get_queryset(self) -> QuerySet:
        qs = TrainingEvent.objects.published()
        if self.filters.get("year"):
            qs = qs.filter(cycle__year=self.filters["year"])
        if self.filters.get("province"):
            qs = qs.filter(province=self.filters["province"])
        return qs.order_by("start_date", "pk")

    def field_expressions(self) -> dict[str, Any]:
        before, after = _page_template("trainings:event-detail", self.language, slug="x")
        return {
            "slug": "slug",
            "title": "title",
            "cycle": "cycle__year",
            "start_date": "start_date",
            "end_date": "end_date",
            "venue": "venue",
            "province_code": "province_id",
            "province": "province__name",
            "regency_code": "regency_id",
            "regency": "regency__name",
            "organiser": "organiser__name",
            "participants": Count("participants", distinct=True),
            "libraries": Count("participants__library", distinct=True),
            "event_page": Concat(
                Value(self.base_url + before), F("slug"), Value(after), output_field=CharField()
            ),
        }


class _ComputedExporter(_PublicExporter):
    """An open-data exporter whose rows are computed from a few grouped queries (aggregates):
    `compute()` returns them as dicts keyed by column."""

    def compute(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _computed(self) -> list[dict[str, Any]]:
        if not hasattr(self, "_rows"):
            self._rows = [r for r in self.compute() if self._matches(r)]
        return self._rows

    def _matches(self, row: dict[str, Any]) -> bool:
        """The filters (`year`, `province`, `regency`), applied to the computed rows."""
        year, province, regency = (self.filters.get(k) for k in ("year", "province", "regency"))
        if year and "cycle" in row and row["cycle"] != year:
            return False
        if year and "month" in row and not row["month"].startswith(f"{year}-"):
            return False
        if province and row.get("province_code") != province.code:
            return False
        return not (regency and row.get("regency_code", regency.code) != regency.code)

    def field_expressions(self) -> dict[str, Any]:  # pragma: no cover - rows() is overridden
        return {}

    def rows(self, *, neutralise: bool = True) -> Iterator[list[str]]:
        keys = [c.key for c in self.selected_columns]
        for row in self._computed():
            cells = ["" if row.get(k) is None else str(row[k]) for k in keys]
            yield [guard_cell(c) for c in cells] if neutralise else cells

    def count(self) -> int:
        return len(self._computed())


class RegionCycleExporter(_ComputedExporter):
    """Per regency and cycle: beneficiary libraries, people trained at published events (by
    their library's regency and the event's cycle) and libraries whose people were trained."""

    identifier = "agregat-wilayah-tpbis"
    verbose_name = _("Figures per region and cycle")
    columns = (
        Column("cycle", _("Cycle"), "Siklus", "Cycle"),
        Column("province_code", _("Province code"), "Kode provinsi", "Province code"),
        Column("province", _("Province"), "Provinsi", "Province"),
        Column("regency_code", _("Regency code"), "Kode kabupaten/kota", "Regency code"),
        Column("regency", _("Regency/city"), "Kabupaten/kota", "Regency/city"),
        Column(
            "beneficiaries",
            _("Beneficiary libraries"),
            "Perpustakaan penerima",
            "Beneficiary libraries",
        ),
        Column("participants", _("People trained"), "Peserta dilatih", "People trained"),
        Column(
            "libraries_trained", _("Libraries trained"), "Perpustakaan dilatih", "Libraries trained"
        ),
    )

    def get_queryset(self) -> QuerySet:
        return beneficiaries_public()

    def compute(self) -> list[dict[str, Any]]:
        rows: dict[tuple, dict[str, Any]] = {}

        def row(year, pcode, pname, rcode, rname) -> dict[str, Any]:
            return rows.setdefault(
                (year, rcode),
                {
                    "cycle": year,
                    "province_code": pcode,
                    "province": pname,
                    "regency_code": rcode,
                    "regency": rname,
                    "beneficiaries": 0,
                    "participants": 0,
                    "libraries_trained": 0,
                },
            )

        region = (
            "library__province_id",
            "library__province__name",
            "library__regency_id",
            "library__regency__name",
        )
        for r in (
            self.get_queryset()
            .values("cycle__year", *region)
            .annotate(n=Count("library", distinct=True))
            .order_by()
        ):
            row(r["cycle__year"], *(r[k] for k in region))["beneficiaries"] = r["n"]
        for r in (
            Participant.objects.of_published_events()
            .values("event__cycle__year", *region)
            .annotate(n=Count("pk"), libs=Count("library", distinct=True))
            .order_by()
        ):
            target = row(r["event__cycle__year"], *(r[k] for k in region))
            target["participants"], target["libraries_trained"] = r["n"], r["libs"]
        return [rows[k] for k in sorted(rows, key=lambda k: (k[0], k[1] or ""))]


class MonthlyActivityExporter(_ComputedExporter):
    """Per month (of the events' start) and province: published Bimtek held, people trained and
    person-days of attendance recorded."""

    identifier = "aktivitas-bulanan-tpbis"
    verbose_name = _("Monthly training activity")
    columns = (
        Column("month", _("Month"), "Bulan", "Month"),
        Column("province_code", _("Province code"), "Kode provinsi", "Province code"),
        Column("province", _("Province"), "Provinsi", "Province"),
        Column("events", _("Bimtek held"), "Bimtek", "Bimtek held"),
        Column("participants", _("People trained"), "Peserta dilatih", "People trained"),
        Column(
            "attendance_days",
            _("Attendance (person-days)"),
            "Kehadiran (orang-hari)",
            "Attendance (person-days)",
        ),
    )

    def get_queryset(self) -> QuerySet:
        return TrainingEvent.objects.published()

    def compute(self) -> list[dict[str, Any]]:
        rows: dict[tuple, dict[str, Any]] = {}

        def row(day: datetime.date, code: str, name: str) -> dict[str, Any]:
            month = f"{day:%Y-%m}"
            return rows.setdefault(
                (month, code),
                {
                    "month": month,
                    "province_code": code,
                    "province": name,
                    "events": 0,
                    "participants": 0,
                    "attendance_days": 0,
                },
            )

        # Grouped by event (a few thousand rows at most), then folded into months in Python:
        # month truncation differs between SQLite and PostgreSQL, this does not.
        events = (
            self.get_queryset()
            .values("pk", "start_date", "province_id", "province__name")
            .annotate(people=Count("participants", distinct=True))
            .order_by()
        )
        by_event = {}
        for e in events:
            target = row(e["start_date"], e["province_id"], e["province__name"])
            target["events"] += 1
            target["participants"] += e["people"]
            by_event[e["pk"]] = target
        for a in (
            Attendance.objects.filter(participant__event__status=TrainingEvent.Status.PUBLISHED)
            .values("participant__event_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            if a["participant__event_id"] in by_event:
                by_event[a["participant__event_id"]]["attendance_days"] += a["n"]
        return [rows[k] for k in sorted(rows, key=lambda k: (k[0], k[1] or ""))]


@dataclass(frozen=True)
class Dataset:
    """One public dataset: its slug (URLs), title and description, its exporter, the meaning
    of every column, the API path that serves it, and how to find the date of its data."""

    slug: str
    title: str | Promise
    description: str | Promise
    exporter: type[Exporter]
    dictionary: Mapping[str, Meaning]
    last_modified: Callable[[], datetime.datetime | None]
    api_path: str

    def exporter_for(self, *, base_url: str, language: str, filters=None) -> Exporter:
        kwargs: dict[str, Any] = {"user": None, "base_url": base_url, "language": language}
        if filters is not None:
            kwargs["filters"] = filters
        return self.exporter(**kwargs)

    def columns(self) -> tuple[Column, ...]:
        return self.exporter.columns


def _latest(qs: QuerySet, field: str = "modified") -> datetime.datetime | None:
    return qs.aggregate(latest=Max(field))["latest"]


_CYCLE = Meaning("integer", _("Budget year of the program cycle."))
_PROVINCE_CODE = Meaning("text", _("Official Kemendagri province code, e.g. 51."))
_PROVINCE = Meaning("text", _("Province name (official list)."))
_REGENCY_CODE = Meaning("text", _("Official Kemendagri regency/city code, e.g. 51.03."))
_REGENCY = Meaning("text", _("Regency/city name (official list)."))

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        slug="penerima-manfaat",
        title=_("Beneficiary libraries"),
        description=_("Every village library selected in a program cycle, with its status."),
        exporter=PublicBeneficiaryExporter,
        dictionary={
            "cycle": _CYCLE,
            "status": Meaning(
                "text",
                _("Status in the cycle: proposed, selected, active, completed or withdrawn."),
            ),
            "library": Meaning("text", _("Name of the village library.")),
            "village_code": Meaning(
                "text", _("Official Kemendagri village code, e.g. 51.03.02.2009.")
            ),
            "village": Meaning("text", _("Village (desa/kelurahan) name.")),
            "district": Meaning("text", _("District (kecamatan) name.")),
            "regency": _REGENCY,
            "province": _PROVINCE,
            "library_page": Meaning("url", _("Address of the library's page on this portal.")),
        },
        last_modified=lambda: _latest(Beneficiary.objects.all()),
        api_path="/api/v1/beneficiaries",
    ),
    Dataset(
        slug="perpustakaan",
        title=_("Village libraries"),
        description=_("Active village libraries: where they are and their public profile."),
        exporter=LibraryExporter,
        dictionary={
            "slug": Meaning("text", _("The library's identifier in this portal's addresses.")),
            "library": Meaning("text", _("Name of the village library.")),
            "village_code": Meaning(
                "text", _("Official Kemendagri village code, e.g. 51.03.02.2009.")
            ),
            "village": Meaning("text", _("Village (desa/kelurahan) name.")),
            "district": Meaning("text", _("District (kecamatan) name.")),
            "regency_code": _REGENCY_CODE,
            "regency": _REGENCY,
            "province_code": _PROVINCE_CODE,
            "province": _PROVINCE,
            "founded_year": Meaning("integer", _("Year the library was founded, if known.")),
            "collection_size": Meaning("integer", _("Number of books and other items, if known.")),
            "latitude": Meaning("decimal", _("Latitude (WGS 84), if known.")),
            "longitude": Meaning("decimal", _("Longitude (WGS 84), if known.")),
            "library_page": Meaning("url", _("Address of the library's page on this portal.")),
        },
        last_modified=lambda: _latest(VillageLibrary.objects.filter(is_active=True)),
        api_path="/api/v1/libraries",
    ),
    Dataset(
        slug="bimtek",
        title=_("Bimtek trainings"),
        description=_(
            "Published Bimtek training events: dates, place, organiser, and how many people "
            "and libraries took part."
        ),
        exporter=EventExporter,
        dictionary={
            "slug": Meaning("text", _("The event's identifier in this portal's addresses.")),
            "title": Meaning("text", _("Title of the event.")),
            "cycle": _CYCLE,
            "start_date": Meaning("date", _("First day (YYYY-MM-DD).")),
            "end_date": Meaning("date", _("Last day (YYYY-MM-DD).")),
            "venue": Meaning("text", _("Where it was held.")),
            "province_code": _PROVINCE_CODE,
            "province": _PROVINCE,
            "regency_code": Meaning(
                "text", _("Regency/city code for an event held for one regency; empty otherwise.")
            ),
            "regency": Meaning(
                "text", _("Regency/city for an event held for one regency; empty otherwise.")
            ),
            "organiser": Meaning("text", _("Institution that organised it.")),
            "participants": Meaning("integer", _("Number of participants registered.")),
            "libraries": Meaning("integer", _("Number of libraries whose people took part.")),
            "event_page": Meaning("url", _("Address of the event's report on this portal.")),
        },
        last_modified=lambda: _latest(TrainingEvent.objects.published()),
        api_path="/api/v1/events",
    ),
    Dataset(
        slug="agregat-wilayah",
        title=_("Figures per region and cycle"),
        description=_(
            "Per regency/city and cycle: beneficiary libraries, people trained at published "
            "Bimtek (by their library's region) and libraries whose people were trained."
        ),
        exporter=RegionCycleExporter,
        dictionary={
            "cycle": _CYCLE,
            "province_code": _PROVINCE_CODE,
            "province": _PROVINCE,
            "regency_code": _REGENCY_CODE,
            "regency": _REGENCY,
            "beneficiaries": Meaning(
                "integer", _("Village libraries selected as beneficiaries in the cycle.")
            ),
            "participants": Meaning(
                "integer",
                _(
                    "Participants of the cycle's published Bimtek from the region's libraries "
                    "(registrations: a person trained twice counts twice)."
                ),
            ),
            "libraries_trained": Meaning(
                "integer", _("Libraries of the region whose people took part.")
            ),
        },
        last_modified=lambda: max(
            filter(
                None,
                [
                    _latest(Beneficiary.objects.all()),
                    _latest(Participant.objects.of_published_events()),
                ],
            ),
            default=None,
        ),
        api_path="/api/v1/regions",
    ),
    Dataset(
        slug="aktivitas-bulanan",
        title=_("Monthly training activity"),
        description=_(
            "Per month and province: published Bimtek held (by their first day), people "
            "trained and person-days of attendance recorded."
        ),
        exporter=MonthlyActivityExporter,
        dictionary={
            "month": Meaning("month", _("Month of the events' first day (YYYY-MM).")),
            "province_code": _PROVINCE_CODE,
            "province": _PROVINCE,
            "events": Meaning("integer", _("Published Bimtek that started in the month.")),
            "participants": Meaning("integer", _("Participants registered for them.")),
            "attendance_days": Meaning(
                "integer", _("Days of attendance recorded (one per person per day present).")
            ),
        },
        last_modified=lambda: max(
            filter(
                None,
                [
                    _latest(TrainingEvent.objects.published()),
                    _latest(
                        Attendance.objects.filter(
                            participant__event__status=TrainingEvent.Status.PUBLISHED
                        )
                    ),
                ],
            ),
            default=None,
        ),
        api_path="/api/v1/activity",
    ),
)

DATASETS_BY_SLUG = {d.slug: d for d in DATASETS}


def dataset_get(slug: str) -> Dataset | None:
    return DATASETS_BY_SLUG.get(slug)


def dictionary_rows(dataset: Dataset) -> list[dict[str, str]]:
    """The data dictionary: each column's key, both headers, type, and meaning in Indonesian
    and in English."""
    out = []
    for column in dataset.columns():
        meaning = dataset.dictionary[column.key]
        with translation.override("id"):
            meaning_id = str(meaning.meaning)
        with translation.override("en"):
            meaning_en = str(meaning.meaning)
        out.append(
            {
                "key": column.key,
                "header_id": column.header_id,
                "header_en": column.header_en,
                "type": meaning.type,
                "meaning_id": meaning_id,
                "meaning_en": meaning_en,
            }
        )
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, int | str | float | bool):
        return value
    return str(value)  # Decimal coordinates: exact as text


def dataset_records(exporter: Exporter) -> Iterator[dict[str, Any]]:
    """The dataset's rows as dicts keyed by column, with typed values (numbers stay numbers),
    in one query read in chunks (or the computed rows of an aggregate)."""
    keys = [c.key for c in exporter.selected_columns]
    if isinstance(exporter, _ComputedExporter):
        for row in exporter._computed():
            yield {k: _json_value(row.get(k)) for k in keys}
        return
    labels = exporter.value_labels()
    for values in exporter.values_queryset().iterator(chunk_size=2000):
        record = {}
        for key, value in zip(keys, values, strict=True):
            if key in labels:
                value = labels[key].get(value, value)
            record[key] = _json_value(value)
        yield record


def dataset_values_page(
    exporter: Exporter, *, after_pk: int | None, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of a list dataset ordered by primary key, for the API's cursor pagination:
    the rows (dicts keyed by column) and the last row's key if there are more."""
    exprs = exporter.field_expressions()
    annotations = {
        f"_c_{key}": (F(expr) if isinstance(expr, str) else expr) for key, expr in exprs.items()
    }
    qs = exporter.queryset.order_by("pk")
    if after_pk is not None:
        qs = qs.filter(pk__gt=after_pk)
    rows = list(qs.annotate(**annotations).values("pk", *annotations)[: limit + 1])
    labels = exporter.value_labels()
    out = []
    for row in rows[:limit]:
        record = {}
        for key in exprs:
            value = row[f"_c_{key}"]
            if key in labels:
                value = labels[key].get(value, value)
            record[key] = _json_value(value)
        out.append(record)
    last = rows[limit - 1]["pk"] if len(rows) > limit else None
    return out, last
