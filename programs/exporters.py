"""The beneficiary list exports, and the filters every list export shares (cycle, region).

Scope: rows come from `Beneficiary.objects.in_scope(user)` (villages.scoping). The management
commands run as the system user (`core.system.system_user`), which scoping sees as national.
The public open-data CSV (`PublicBeneficiaryExporter`) has no scope: it is the public selector's
rows, the same for everyone, without a personal column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporters import Column, Exporter, ExportError
from villages.models import Province, Regency
from villages.scoping import can_see_contacts, can_see_health

from .models import AidItemKind, Beneficiary, DeliveryItem, ProgramCycle
from .selectors import beneficiaries_filter, beneficiaries_public

BENEFICIARY_COLUMNS: tuple[Column, ...] = (
    Column(
        "library",
        gettext_lazy("Library"),
        "Perpustakaan",
        "Library",
        ("Perpustakaan Desa", "Nama Perpustakaan", "Village library"),
    ),
    Column("village_code", gettext_lazy("Village code"), "Kode Desa", "Village code"),
    Column("village", gettext_lazy("Village"), "Desa", "Village", ("Kelurahan",)),
    Column("district", gettext_lazy("District"), "Kecamatan", "District"),
    Column("regency", gettext_lazy("Regency/city"), "Kabupaten", "Regency", ("Kota",)),
    Column("province", gettext_lazy("Province"), "Provinsi", "Province"),
    Column("cycle", gettext_lazy("Cycle"), "Tahun", "Cycle", ("Siklus", "Tahun Anggaran")),
    Column("status", gettext_lazy("Status"), "Status", "Status"),
    # Added with issue 10: chosen with --columns (or on the staff page); the default file keeps
    # the columns its readers know.
    Column("level", gettext_lazy("Level"), "Tingkat", "Level", default=False),
    Column("npp", gettext_lazy("NPP"), "NPP", "NPP", default=False),
    Column(
        "region_code", gettext_lazy("Region code"), "Kode Wilayah", "Region code", default=False
    ),
    Column("track", gettext_lazy("Track"), "Jalur", "Track", default=False),
    Column(
        "funding_source",
        gettext_lazy("Funding source"),
        "Sumber Dana",
        "Funding source",
        default=False,
    ),
    Column(
        "funding_amount",
        gettext_lazy("Funding amount"),
        "Jumlah Dana",
        "Funding amount",
        default=False,
    ),
    Column("decree", gettext_lazy("Decree"), "Nomor SK", "Decree", default=False),
)

LEVEL_LABELS = {
    "id": {"province": "provinsi", "regency": "kabupaten/kota", "village": "desa/kelurahan"},
    "en": {"province": "province", "regency": "regency/city", "village": "village"},
}
TRACK_LABELS = {
    "id": {"central": "stimulus pusat", "replication": "replikasi"},
    "en": {"central": "central", "replication": "replication"},
}
FUNDING_LABELS = {
    "id": {
        "apbn": "APBN (Perpusnas)",
        "apbd_province": "APBD provinsi",
        "apbd_regency": "APBD kabupaten/kota",
        "village_funds": "dana desa",
        "csr": "CSR",
        "other": "lainnya",
    },
    "en": {f.value: f.value for f in Beneficiary.Funding},
}

# Files are read back by people and importers: labels are fixed per language.
STATUS_LABELS = {
    "id": {
        "proposed": "diusulkan",
        "verified": "diverifikasi",
        "selected": "terpilih",
        "active": "aktif",
        "completed": "selesai",
        "withdrawn": "mengundurkan diri",
    },
    "en": {s.value: s.value for s in Beneficiary.Status},
}


def region_filters_clean(
    *, province: str | None = None, regency: str | None = None
) -> dict[str, Any]:
    """Check region codes given on a command line or a form; ExportError names a bad one."""
    out: dict[str, Any] = {}
    if province:
        found = Province.objects.filter(code=province).first()
        if found is None:
            raise ExportError(_("Unknown province code “%(code)s” (e.g. 51).") % {"code": province})
        out["province"] = found
    if regency:
        found = Regency.objects.filter(code=regency).first()
        if found is None:
            raise ExportError(
                _("Unknown regency code “%(code)s” (e.g. 51.03).") % {"code": regency}
            )
        if province and found.province_id != province:
            raise ExportError(
                _("Regency %(regency)s is not in province %(province)s.")
                % {"regency": regency, "province": province}
            )
        out["regency"] = found
    return out


def cycle_filter_clean(cycle: int | str | None) -> int | None:
    if cycle in (None, ""):
        return None
    try:
        year = int(cycle)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ExportError(
            _("The cycle is a year, e.g. 2021 (got “%(value)s”).") % {"value": cycle}
        ) from None
    if not ProgramCycle.objects.filter(year=year).exists():
        raise ExportError(_("There is no program cycle for %(year)s.") % {"year": year})
    return year


class ProgramListExporter(Exporter):
    """An exporter of program records filtered by cycle, province and regency: the filters are
    checked once, here (ExportError says which one is wrong). An app above adds its own filters
    by extending `clean_filters`."""

    def __init__(self, *, user: Any, filters: Mapping[str, Any] | None = None, **kwargs: Any):
        self.user = user
        super().__init__(user=user, filters=self.clean_filters(filters or {}), **kwargs)

    def clean_filters(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        out = region_filters_clean(province=raw.get("province"), regency=raw.get("regency"))
        out["cycle"] = cycle_filter_clean(raw.get("cycle"))
        return out

    def may_see_personal(self) -> bool:
        return can_see_contacts(self.user)

    def may_see_health(self) -> bool:
        return can_see_health(self.user)


class BeneficiaryExporter(ProgramListExporter):
    """The beneficiaries (penerima manfaat): library, region, cycle, status."""

    identifier = "penerima-manfaat"
    verbose_name = gettext_lazy("Beneficiaries")
    columns = BENEFICIARY_COLUMNS

    def get_queryset(self) -> QuerySet:
        qs = Beneficiary.objects.in_scope(self.user)
        f = self.filters
        if f.get("cycle"):
            qs = qs.filter(cycle__year=f["cycle"])
        if f.get("province"):
            qs = qs.filter(library__province=f["province"])
        if f.get("regency"):
            qs = qs.filter(library__regency=f["regency"])
        return qs.order_by("cycle__year", "library__region_code", "pk")

    def field_expressions(self) -> dict[str, Any]:
        return {
            "library": "library__name",
            "level": "library__level",
            "npp": "library__npp",
            "region_code": "library__region_code",
            "village_code": "library__village_id",
            "village": "library__village__name",
            "district": "library__village__district__name",
            "regency": "library__regency__name",
            "province": "library__province__name",
            "cycle": "cycle__year",
            "status": "status",
            "track": "track",
            "funding_source": "funding_source",
            "funding_amount": "funding_amount",
            "decree": "decree__number",
        }

    def value_labels(self) -> dict[str, Mapping[str, str]]:
        lang = "en" if self.language.startswith("en") else "id"
        return {
            "status": STATUS_LABELS[lang],
            "level": LEVEL_LABELS[lang],
            "track": TRACK_LABELS[lang],
            "funding_source": FUNDING_LABELS[lang],
        }


#: The open-data CSV's columns; headers as the public page has always written them.
PUBLIC_BENEFICIARY_COLUMNS: tuple[Column, ...] = (
    Column("cycle", gettext_lazy("Cycle"), "Siklus", "Cycle"),
    Column("status", gettext_lazy("Status"), "Status", "Status"),
    Column("library", gettext_lazy("Library"), "Perpustakaan", "Library"),
    Column("village_code", gettext_lazy("Village code"), "Kode desa", "Village code"),
    Column("village", gettext_lazy("Village"), "Desa", "Village"),
    Column("district", gettext_lazy("District"), "Kecamatan", "District"),
    Column("regency", gettext_lazy("Regency/city"), "Kabupaten/kota", "Regency/city"),
    Column("province", gettext_lazy("Province"), "Provinsi", "Province"),
    Column("library_page", gettext_lazy("Library page"), "Halaman perpustakaan", "Library page"),
)

_SLUG_MARK = "slug-mark"


class PublicBeneficiaryExporter(Exporter):
    """The public beneficiary list as open data (``/penerima-manfaat/unduh.csv``): the rows of
    `beneficiaries_public` narrowed by the public filter form's values (``year``, ``province``,
    ``regency``, ``search``), with each library page's address under ``base_url``.

    Public data, the same for every visitor and without a personal column: not audited (a
    record per anonymous download would only let anyone fill the audit table).
    """

    identifier = "penerima-manfaat-tpbis"
    verbose_name = gettext_lazy("Beneficiaries")
    columns = PUBLIC_BENEFICIARY_COLUMNS
    formats = ("csv",)
    audited = False

    def __init__(self, *, base_url: str, **kwargs: Any) -> None:
        self.base_url = base_url.rstrip("/")
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return beneficiaries_filter(beneficiaries_public(), **self.filters)

    def field_expressions(self) -> dict[str, Any]:
        with translation.override(self.language):
            page = reverse("villages:library-detail", kwargs={"slug": _SLUG_MARK})
        before, after = page.split(_SLUG_MARK)
        return {
            "cycle": "cycle__year",
            "status": "status",
            "library": "library__name",
            "village_code": "library__village_id",
            "village": "library__village__name",
            "district": "library__village__district__name",
            "regency": "library__regency__name",
            "province": "library__province__name",
            "library_page": Concat(
                Value(self.base_url + before),
                F("library__slug"),
                Value(after),
                output_field=CharField(),
            ),
        }

    def value_labels(self) -> dict[str, Mapping[str, str]]:
        with translation.override(self.language):
            return {"status": {s.value: str(s.label) for s in Beneficiary.Status}}


DELIVERY_COLUMNS: tuple[Column, ...] = (
    Column("library", gettext_lazy("Library"), "Perpustakaan", "Library"),
    Column("region_code", gettext_lazy("Region code"), "Kode Wilayah", "Region code"),
    Column("regency", gettext_lazy("Regency/city"), "Kabupaten", "Regency"),
    Column("province", gettext_lazy("Province"), "Provinsi", "Province"),
    Column("cycle", gettext_lazy("Cycle"), "Tahun", "Cycle"),
    Column("package", gettext_lazy("Aid package"), "Paket", "Package"),
    Column("bast_number", gettext_lazy("BAST number"), "Nomor BAST", "BAST number"),
    Column("delivered_on", gettext_lazy("Handover date"), "Tanggal Serah Terima", "Handover date"),
    Column("item", gettext_lazy("Item"), "Barang", "Item"),
    Column("description", gettext_lazy("Description"), "Keterangan", "Description"),
    Column("quantity", gettext_lazy("Quantity arrived"), "Jumlah Diterima", "Quantity arrived"),
    Column("condition", gettext_lazy("Condition"), "Kondisi", "Condition"),
)


class DeliveryExporter(ProgramListExporter):
    """Aid deliveries, one row per item that arrived: library, BAST number and date, item,
    quantity, condition (never the BAST file itself)."""

    identifier = "serah-terima-bantuan"
    verbose_name = gettext_lazy("Aid deliveries")
    columns = DELIVERY_COLUMNS

    def get_queryset(self) -> QuerySet:
        qs = DeliveryItem.objects.in_scope(self.user)
        f = self.filters
        if f.get("cycle"):
            qs = qs.filter(delivery__beneficiary__cycle__year=f["cycle"])
        if f.get("province"):
            qs = qs.filter(delivery__beneficiary__library__province=f["province"])
        if f.get("regency"):
            qs = qs.filter(delivery__beneficiary__library__regency=f["regency"])
        return qs.order_by(
            "delivery__beneficiary__library__region_code", "delivery__delivered_on", "pk"
        )

    def field_expressions(self) -> dict[str, Any]:
        b = "delivery__beneficiary__"
        return {
            "library": f"{b}library__name",
            "region_code": f"{b}library__region_code",
            "regency": f"{b}library__regency__name",
            "province": f"{b}library__province__name",
            "cycle": f"{b}cycle__year",
            "package": f"{b}package__name",
            "bast_number": "delivery__bast_number",
            "delivered_on": "delivery__delivered_on",
            "item": "kind",
            "description": "description",
            "quantity": "quantity",
            "condition": "condition",
        }

    def value_labels(self) -> dict[str, Mapping[str, str]]:
        with translation.override(self.language):
            return {
                "item": {k.value: str(k.label) for k in AidItemKind},
                "condition": {c.value: str(c.label) for c in DeliveryItem.Condition},
            }


#: The lists this app offers (collected by `portal.registry`).
EXPORTERS: tuple[type[Exporter], ...] = (BeneficiaryExporter, DeliveryExporter)
