"""Writes on programs, cycles and beneficiaries."""

import datetime

from django.db import transaction

from villages.models import VillageLibrary

from .models import Beneficiary, ProgramCycle


@transaction.atomic
def beneficiary_add(
    *,
    cycle: ProgramCycle,
    library: VillageLibrary,
    status: str = Beneficiary.Status.SELECTED,
    selected_on: datetime.date | None = None,
) -> tuple[Beneficiary, bool]:
    """Record a library as a beneficiary of a cycle (once per cycle; a repeat updates it)."""
    return Beneficiary.objects.update_or_create(
        cycle=cycle, library=library, defaults={"status": status, "selected_on": selected_on}
    )
