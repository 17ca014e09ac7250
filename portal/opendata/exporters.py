"""The open datasets' exporters: public columns only, per library, per event, per region and
cycle, and per month."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import CharField, Count, F, QuerySet, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.exporters import Column, Exporter
from core.formulas import neutralise as guard_cell
from programs.selectors import beneficiaries_public
from trainings.models import Attendance, Participant, TrainingEvent
from villages.models import VillageLibrary


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
