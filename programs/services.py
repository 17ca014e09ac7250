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


@transaction.atomic
def beneficiary_bulk_set_status(*, user, beneficiaries, status: str) -> int:
    """Set the status of many beneficiaries at once, with history: one history row per changed
    beneficiary (who, old → new) and one audit record naming them all. Returns how many changed.

    `beneficiaries` is a queryset the caller has already scoped (`.in_scope(user)`).
    """
    from django.core.exceptions import ValidationError
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from simple_history.utils import bulk_update_with_history

    from core.audit import audit_bulk

    if status not in Beneficiary.Status.values:
        raise ValidationError(_("Unknown status “%(status)s”.") % {"status": status})
    now = timezone.now()
    changed = [b for b in beneficiaries.select_for_update(of=("self",)) if b.status != status]
    for beneficiary in changed:
        beneficiary.status = status
        beneficiary.modified = now
    bulk_update_with_history(
        changed,
        Beneficiary,
        ["status", "modified"],
        default_user=user,
        default_change_reason=f"bulk: status → {status}",
    )
    audit_bulk(
        user=user,
        action="bulk_update",
        model=Beneficiary,
        pks=[b.pk for b in changed],
        detail={"field": "status", "value": status},
    )
    return len(changed)
