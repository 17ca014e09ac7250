"""The dashboard's figures: `Filters`, the grouped counts per province or regency, and the
declared `FIGURES`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from monitoring.rates import last_due_month, rates
from programs.models import Beneficiary
from programs.selectors import beneficiaries_public
from trainings.models import Attendance, Participant, TrainingEvent
from villages.models import Province, VillageLibrary

PROVINCE, REGENCY = "province", "regency"


@dataclass(frozen=True)
class Filters:
    """What the visitor chose: a cycle year (None: all cycles) and a province (None: all)."""

    year: int | None = None
    province: Province | None = None


def _where(filters: Filters, year_path: str, province_path: str) -> Q:
    q = Q()
    if filters.year is not None:
        q &= Q(**{year_path: filters.year})
    if filters.province is not None:
        q &= Q(**{province_path: filters.province.code})
    return q


def _grouped(qs: QuerySet, path: str, expression: Any = None) -> dict[str, int]:
    rows = qs.order_by().values(path).annotate(n=expression or Count("pk"))
    return {r[path]: r["n"] for r in rows if r[path]}


def beneficiaries_by(filters: Filters, level: str) -> dict[str, int]:
    """Village libraries selected (active libraries, all statuses)."""
    qs = beneficiaries_public().filter(_where(filters, "cycle__year", "library__province"))
    return _grouped(qs, f"library__{level}", Count("library", distinct=True))


def participants_by(filters: Filters, level: str) -> dict[str, int]:
    """Registrations at published Bimtek, by the participant's library's region."""
    qs = Participant.objects.of_published_events().filter(
        _where(filters, "event__cycle__year", "library__province")
    )
    return _grouped(qs, f"library__{level}")


def people_by(filters: Filters, level: str) -> dict[str, int]:
    """Different people trained at published Bimtek (`Participant.person`: one per name and
    library), by their library's region: someone trained twice counts once."""
    qs = Participant.objects.of_published_events().filter(
        _where(filters, "event__cycle__year", "library__province"), person__isnull=False
    )
    return _grouped(qs, f"library__{level}", Count("person", distinct=True))


def aid_delivered_by(filters: Filters, level: str) -> dict[str, int]:
    """Beneficiary libraries whose whole aid package has arrived (every item of the package in
    the quantities delivered, `BeneficiaryQuerySet.aid_outstanding`). One query."""
    qs = beneficiaries_public().filter(
        _where(filters, "cycle__year", "library__province"), package__isnull=False
    )
    qs = qs.exclude(pk__in=Beneficiary.objects.aid_outstanding().values("pk"))
    return _grouped(qs, f"library__{level}", Count("library", distinct=True))


def replication_by(filters: Filters, level: str) -> dict[str, int]:
    """Libraries replicating the model with local funds (`BeneficiaryQuerySet.replication`)."""
    qs = Beneficiary.objects.replication().filter(
        _where(filters, "cycle__year", "library__province"), library__is_active=True
    )
    return _grouped(qs, f"library__{level}", Count("library", distinct=True))


def events_by(filters: Filters, level: str) -> dict[str, int]:
    """Published Bimtek held in the region (regency: only events held for one regency)."""
    qs = TrainingEvent.objects.published().filter(_where(filters, "cycle__year", "province"))
    return _grouped(qs, level)


def _expected_days(filters: Filters, level: str) -> dict[str, int]:
    """Person-days there would be if every participant came every day of their event."""
    rows = (
        Participant.objects.of_published_events()
        .filter(_where(filters, "event__cycle__year", "library__province"))
        .order_by()
        .values(f"library__{level}", "event__start_date", "event__end_date")
        .annotate(n=Count("pk"))
    )
    out: dict[str, int] = {}
    for r in rows:
        days = (r["event__end_date"] - r["event__start_date"]).days + 1
        key = r[f"library__{level}"]
        out[key] = out.get(key, 0) + r["n"] * days
    return out


def attendance_by(filters: Filters, level: str) -> dict[str, int]:
    """Attendance rate in percent: days present recorded over the days there were to attend
    (participants × days of their event). Two grouped queries."""
    expected = _expected_days(filters, level)
    present = _grouped(
        Attendance.objects.filter(
            _where(
                filters,
                "participant__event__cycle__year",
                "participant__library__province",
            ),
            participant__event__status=TrainingEvent.Status.PUBLISHED,
        ),
        f"participant__library__{level}",
    )
    return {
        code: int((Decimal(100 * present.get(code, 0)) / total).quantize(0, ROUND_HALF_UP))
        for code, total in expected.items()
        if total
    }


def reporting_by(filters: Filters, level: str) -> dict[str, int]:
    """Reporting rate in percent of the last month already due (monthly reports received over
    reports owed, `monitoring.rates`). Two grouped queries."""
    libraries = VillageLibrary.objects.filter(
        _where(filters, "beneficiaries__cycle__year", "province")
    )
    found = rates(libraries=libraries, months=[last_due_month()], group=level)
    return {
        r.region: int((Decimal(100 * r.received) / r.expected).quantize(0, ROUND_HALF_UP))
        for r in found
        if r.region and r.expected
    }


@dataclass(frozen=True)
class Figure:
    """One figure of the dashboard: its key (the URL's `figure=`), label, what it means, its
    unit, and `by(filters, level)` → {region code: value} for level "province" or "regency".
    `summable` figures add up to a total; a rate does not."""

    key: str
    label: str | Promise
    description: str | Promise
    by: Callable[[Filters, str], dict[str, int]]
    unit: str = ""
    summable: bool = True


FIGURES: tuple[Figure, ...] = (
    Figure(
        "beneficiaries",
        _("Beneficiary libraries"),
        _("Village libraries selected as beneficiaries."),
        beneficiaries_by,
    ),
    Figure(
        "participants",
        _("People trained"),
        _(
            "Participants of published Bimtek, by their library's region (registrations: a "
            "person trained twice counts twice)."
        ),
        participants_by,
    ),
    Figure(
        "people",
        _("Unique people trained"),
        _(
            "Different people trained at published Bimtek, by their library's region: someone "
            "trained twice counts once."
        ),
        people_by,
    ),
    Figure(
        "aid",
        _("Aid fully delivered"),
        _("Beneficiary libraries whose whole aid package has arrived (signed handovers)."),
        aid_delivered_by,
    ),
    Figure(
        "replication",
        _("Replication"),
        _("Libraries replicating the model with local funds (counted apart from beneficiaries)."),
        replication_by,
    ),
    Figure("events", _("Bimtek held"), _("Published Bimtek held in the region."), events_by),
    Figure(
        "attendance",
        _("Attendance rate"),
        _("Days present recorded, out of the days participants were registered for."),
        attendance_by,
        unit="%",
        summable=False,
    ),
    Figure(
        "reporting",
        _("Reporting rate"),
        _(
            "Monthly reports received (submitted or approved) for the last month already due, "
            "out of the reports the active beneficiary libraries owed."
        ),
        reporting_by,
        unit="%",
        summable=False,
    ),
)
FIGURES_BY_KEY = {f.key: f for f in FIGURES}
