"""The catalogue of open datasets: licence, `Dataset` definitions with their data dictionary, and
look-ups by slug."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.exporters import Column, Exporter
from monitoring.models import MonthlyReport
from programs.exporters import PublicBeneficiaryExporter
from programs.models import Beneficiary
from trainings.models import Attendance, Participant, TrainingEvent
from villages.models import VillageLibrary

from .exporters import EventExporter, LibraryExporter, MonthlyActivityExporter, RegionCycleExporter
from .reports import MonthlyReportExporter

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = "Perpustakaan Nasional Republik Indonesia"


@dataclass(frozen=True)
class Meaning:
    """A column's type and meaning (in the dictionary, in both languages)."""

    type: str  # "text", "integer", "date", "decimal", "url", "month"
    meaning: str | Promise


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
    Dataset(
        slug="laporan-bulanan",
        title=_("Monthly library reports"),
        description=_(
            "Per village library and month: visitors, new members, loans, computer and internet "
            "sessions, collection added and activities held, from its approved monthly report. "
            "Reports not yet approved are left out."
        ),
        exporter=MonthlyReportExporter,
        dictionary={
            "month": Meaning("month", _("Month reported (YYYY-MM).")),
            "slug": Meaning("text", _("The library's identifier in this portal's addresses.")),
            "library": Meaning("text", _("Name of the village library.")),
            "village_code": Meaning(
                "text", _("Official Kemendagri village code, e.g. 51.03.02.2009.")
            ),
            "regency_code": _REGENCY_CODE,
            "regency": _REGENCY,
            "province_code": _PROVINCE_CODE,
            "province": _PROVINCE,
            "status": Meaning(
                "text",
                _(
                    "Always “approved”: only reports a regency coordinator checked and approved "
                    "are published; submitted reports wait for that check."
                ),
            ),
            "visitors_women": Meaning("integer", _("Visitors in the month, women.")),
            "visitors_men": Meaning("integer", _("Visitors in the month, men.")),
            "new_members": Meaning("integer", _("Members who joined in the month.")),
            "loans": Meaning("integer", _("Items lent in the month.")),
            "computer_sessions": Meaning("integer", _("Computer sessions in the month.")),
            "internet_sessions": Meaning("integer", _("Internet sessions in the month.")),
            "collection_added": Meaning(
                "integer", _("Books and other items added to the collection in the month.")
            ),
            "activities": Meaning("integer", _("Activities the library held in the month.")),
            "participants_women": Meaning(
                "integer", _("Participants in those activities, women (attendances).")
            ),
            "participants_men": Meaning(
                "integer", _("Participants in those activities, men (attendances).")
            ),
        },
        last_modified=lambda: _latest(
            MonthlyReport.objects.filter(status=MonthlyReport.Status.APPROVED)
        ),
        api_path="/api/v1/reports",
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
