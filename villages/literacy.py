"""The literacy index (IPLM) of a region for its public page: a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Subquery

from .models import LiteracyIndex, Province, Regency

#: The region page shows at most this many years of its own values.
YEARS_SHOWN = 10


@dataclass
class RegionLiteracy:
    """The region's own values (newest year first) and, for a province, each regency's value
    in the latest year any of them has one."""

    values: list[LiteracyIndex]
    regencies_year: int | None = None
    regencies: list[LiteracyIndex] = field(default_factory=list)

    @property
    def latest(self) -> LiteracyIndex | None:
        return self.values[0] if self.values else None

    @property
    def is_sample(self) -> bool:
        return any(v.is_sample for v in [*self.values, *self.regencies])

    @property
    def regency_sources(self) -> list[str]:
        """The distinct sources of the regencies' values (usually one table)."""
        return sorted({v.source for v in self.regencies if v.source})

    def __bool__(self) -> bool:
        return bool(self.values or self.regencies)


def region_literacy(region: Province | Regency) -> RegionLiteracy:
    """One query for a regency; two for a province (its values, then its regencies' values
    in the latest year any regency has one, found by a subquery)."""
    if isinstance(region, Regency):
        own = LiteracyIndex.objects.filter(regency=region)
    else:
        own = LiteracyIndex.objects.of_province_level().filter(province=region)
    result = RegionLiteracy(values=list(own.order_by("-year")[:YEARS_SHOWN]))
    if isinstance(region, Province):
        regencies = LiteracyIndex.objects.of_regencies().filter(province=region)
        latest = regencies.order_by("-year").values("year")[:1]
        result.regencies = list(
            regencies.filter(year=Subquery(latest)).select_related("regency").order_by("regency_id")
        )
        result.regencies_year = result.regencies[0].year if result.regencies else None
    return result
