"""Which libraries owe a report for which month: the one place that says it.

A library owes a report for every month from the month it was selected, for as long as it has
an ACTIVE beneficiary row (programs' workflow status). Rates, the coordinators' list of missing
reports, the services' validation and the importer all ask here.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from programs.models import Beneficiary
from villages.models import VillageLibrary


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month's first day from `first`'s month to `last`'s month, both included."""
    months, month = [], first_of_month(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def active_beneficiaries() -> QuerySet[Beneficiary]:
    return Beneficiary.objects.filter(status=Beneficiary.Status.ACTIVE, selected_on__isnull=False)


def owing_q(month: datetime.date, prefix: str = "") -> Q:
    """Condition on a library (reached through `prefix`, e.g. "library") that owes `month`."""
    path = f"{prefix}__pk" if prefix else "pk"
    owes = active_beneficiaries().filter(
        library=OuterRef(path), selected_on__lt=add_months(first_of_month(month), 1)
    )
    return Q(Exists(owes))


def owing_report_q() -> Q:
    """Condition on a MonthlyReport: its library owed a report for its month."""
    owes = (
        active_beneficiaries()
        .annotate(start=TruncMonth("selected_on"))
        .filter(library=OuterRef("library"), start__lte=OuterRef("month"))
    )
    return Q(Exists(owes))


def libraries_owing(month: datetime.date) -> QuerySet[VillageLibrary]:
    return VillageLibrary.objects.filter(owing_q(month))


def first_month_owed(library: VillageLibrary) -> datetime.date | None:
    """The first month `library` owes a report for, or None if it owes none."""
    first = active_beneficiaries().filter(library=library).aggregate(first=Min("selected_on"))
    return first_of_month(first["first"]) if first["first"] else None
