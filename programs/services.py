"""Writes on programs, cycles and beneficiaries: the selection workflow, aid deliveries.

The selection workflow, one service per step, each checking who may take it:

=============  ======================  ==========================================
step           from → to               who (with the change permission, in scope)
=============  ======================  ==========================================
propose        (new) → proposed        any coordinator (regency, province, national)
verify         proposed → verified     a province or national coordinator
select         verified → selected     a national coordinator, with the decree
activate       selected → active       a province or national coordinator
complete       active → completed      a province or national coordinator
withdraw       any but completed →     a coordinator at or above the level that took
               withdrawn (a reason)    the current step (regency: proposed only;
                                       province: up to verified; national: any)
=============  ======================  ==========================================

Every step writes one history row per beneficiary (who, the step as the change reason) and
one audit record naming all the rows; a step is all or nothing (one refused row refuses all).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from core.audit import audit_bulk
from villages.models import VillageLibrary
from villages.scoping import NATIONAL, PROVINCE, REGENCY, scope_of

from .models import Beneficiary, Delivery, DeliveryItem, ProgramCycle, SelectionDecree

CHANGE_PERMISSION = "programs.change_beneficiary"
ADD_PERMISSION = "programs.add_beneficiary"

_RANK = {REGENCY: 1, PROVINCE: 2, NATIONAL: 3}
S = Beneficiary.Status


@dataclass(frozen=True)
class Step:
    name: str
    label: Any
    sources: tuple[str, ...]
    target: str
    level: str  # the lowest scope level that may take it


STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step("verify", gettext_lazy("verify"), (S.PROPOSED,), S.VERIFIED, PROVINCE),
        Step(
            "select", gettext_lazy("select (with the decree)"), (S.VERIFIED,), S.SELECTED, NATIONAL
        ),
        Step("activate", gettext_lazy("activate"), (S.SELECTED,), S.ACTIVE, PROVINCE),
        Step("complete", gettext_lazy("complete"), (S.ACTIVE,), S.COMPLETED, PROVINCE),
        Step(
            "withdraw",
            gettext_lazy("withdraw"),
            (S.PROPOSED, S.VERIFIED, S.SELECTED, S.ACTIVE),
            S.WITHDRAWN,
            REGENCY,
        ),
    )
}

#: Withdrawing a row in this status needs at least this level (the level that took the step).
_WITHDRAW_LEVEL = {
    S.PROPOSED: REGENCY,
    S.VERIFIED: PROVINCE,
    S.SELECTED: NATIONAL,
    S.ACTIVE: NATIONAL,
}


def _level(user: Any) -> str | None:
    scope = scope_of(user)
    return scope.level if scope is not None else None


def step_allowed(user: Any, step: str) -> bool:
    """May `user` take `step` at all (their role and scope level)? The admin offers only these."""
    level = _level(user)
    return (
        level is not None
        and user.has_perm(CHANGE_PERMISSION)
        and _RANK[level] >= _RANK[STEPS[step].level]
    )


def steps_allowed(user: Any) -> list[str]:
    return [name for name in STEPS if step_allowed(user, name)]


@transaction.atomic
def beneficiary_propose(
    *,
    user: Any,
    cycle: ProgramCycle,
    library: VillageLibrary,
    track: str = Beneficiary.Track.CENTRAL,
    funding_source: str = Beneficiary.Funding.APBN,
    funding_amount: Decimal | None = None,
    notes: str = "",
) -> Beneficiary:
    """Propose a library of the user's region for a cycle (status proposed), with history."""
    if not user.has_perm(ADD_PERMISSION) or _level(user) is None:
        raise PermissionDenied(_("You may not propose beneficiaries."))
    if not VillageLibrary.objects.in_scope(user).filter(pk=library.pk).exists():
        raise PermissionDenied(_("This library is outside your region."))
    if Beneficiary.objects.filter(cycle=cycle, library=library).exists():
        raise ValidationError(
            _("%(library)s is already a beneficiary of %(cycle)s.")
            % {"library": library, "cycle": cycle}
        )
    beneficiary = Beneficiary(
        cycle=cycle,
        library=library,
        status=S.PROPOSED,
        track=track,
        funding_source=funding_source,
        funding_amount=funding_amount,
        notes=notes,
    )
    beneficiary.full_clean()
    beneficiary._history_user = user
    beneficiary._change_reason = "propose"
    beneficiary.save()
    audit_bulk(user=user, action="propose", model=Beneficiary, pks=[beneficiary.pk])
    return beneficiary


def _transition(
    *,
    user: Any,
    beneficiaries: Iterable[Beneficiary] | Any,
    step: str,
    changes: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    the_step = STEPS[step]
    if not step_allowed(user, step):
        raise PermissionDenied(
            _("You may not %(step)s beneficiaries (your role or region does not allow it).")
            % {"step": the_step.label}
        )
    pks = [b.pk for b in beneficiaries]
    # Rows outside the user's region are refused as if they did not exist.
    rows = list(
        Beneficiary.objects.in_scope(user)
        .filter(pk__in=pks)
        .select_related("library")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if len(rows) != len(set(pks)):
        raise PermissionDenied(_("Some of these beneficiaries are outside your region."))
    level = _level(user)
    problems = []
    for row in rows:
        if row.status not in the_step.sources:
            problems.append(
                _("%(library)s (%(status)s): “%(step)s” is not possible from this status.")
                % {
                    "library": row.library,
                    "status": row.get_status_display(),
                    "step": the_step.label,
                }
            )
        elif step == "withdraw" and _RANK[level] < _RANK[_WITHDRAW_LEVEL[row.status]]:
            problems.append(
                _("%(library)s (%(status)s): only a coordinator at a higher level may withdraw it.")
                % {"library": row.library, "status": row.get_status_display()}
            )
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    fields = ["status", "modified", *(changes or {}).keys()]
    for row in rows:
        row.status = the_step.target
        row.modified = now
        for key, value in (changes or {}).items():
            setattr(row, key, value)
    bulk_update_with_history(
        rows, Beneficiary, fields, default_user=user, default_change_reason=step
    )
    audit_bulk(
        user=user,
        action=f"beneficiary_{step}",
        model=Beneficiary,
        pks=[r.pk for r in rows],
        detail={"step": step, "status": the_step.target, **(detail or {})},
    )
    return len(rows)


@transaction.atomic
def beneficiaries_verify(*, user: Any, beneficiaries: Iterable[Beneficiary]) -> int:
    """Province check of proposed beneficiaries (proposed → verified). Returns how many."""
    return _transition(user=user, beneficiaries=beneficiaries, step="verify")


@transaction.atomic
def beneficiaries_select(
    *, user: Any, beneficiaries: Iterable[Beneficiary], decree: SelectionDecree
) -> int:
    """National selection of verified beneficiaries by a decree of the Head of Perpusnas
    (verified → selected): the decree and its date are recorded on each."""
    if decree is None:
        raise ValidationError(_("Selecting needs the decree (number, date)."))
    wrong_cycle = [b for b in beneficiaries if b.cycle_id != decree.cycle_id]
    if wrong_cycle:
        raise ValidationError(
            _("The decree %(decree)s is for another cycle than %(library)s's.")
            % {"decree": decree.number, "library": wrong_cycle[0].library}
        )
    return _transition(
        user=user,
        beneficiaries=beneficiaries,
        step="select",
        changes={"decree": decree, "selected_on": decree.date},
        detail={"decree": decree.number},
    )


@transaction.atomic
def beneficiaries_activate(*, user: Any, beneficiaries: Iterable[Beneficiary]) -> int:
    """Selected beneficiaries start their program year (selected → active)."""
    return _transition(user=user, beneficiaries=beneficiaries, step="activate")


@transaction.atomic
def beneficiaries_complete(*, user: Any, beneficiaries: Iterable[Beneficiary]) -> int:
    """Active beneficiaries complete their program year (active → completed)."""
    return _transition(user=user, beneficiaries=beneficiaries, step="complete")


@transaction.atomic
def beneficiaries_withdraw(*, user: Any, beneficiaries: Iterable[Beneficiary], reason: str) -> int:
    """Withdraw beneficiaries at any step before completion, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the withdrawal."))
    return _transition(
        user=user,
        beneficiaries=beneficiaries,
        step="withdraw",
        changes={"withdrawal_reason": reason},
    )


# --- seeding and imports ---------------------------------------------------------------------


@transaction.atomic
def beneficiary_add(
    *,
    cycle: ProgramCycle,
    library: VillageLibrary,
    status: str = Beneficiary.Status.SELECTED,
    selected_on: datetime.date | None = None,
    **fields: Any,
) -> tuple[Beneficiary, bool]:
    """Record a library as a beneficiary of a cycle as the records already say it is (the demo,
    sample data and decree imports, which carry their own authority); once per cycle, a repeat
    updates it. Coordinators' changes go through the workflow services above."""
    return Beneficiary.objects.update_or_create(
        cycle=cycle,
        library=library,
        defaults={"status": status, "selected_on": selected_on, **fields},
    )


# --- aid deliveries --------------------------------------------------------------------------


@transaction.atomic
def delivery_record(
    *,
    user: Any,
    beneficiary: Beneficiary,
    bast_number: str,
    delivered_on: datetime.date,
    items: Iterable[tuple[str, int, str]] | Iterable[dict[str, Any]],
    bast_file: Any = None,
    notes: str = "",
) -> Delivery:
    """Record a handover (BAST) to a beneficiary in the user's region: its number, date, the
    items that arrived (kind, quantity, condition) and the signed BAST file (validated)."""
    if not Beneficiary.objects.in_scope(user).filter(pk=beneficiary.pk).exists():
        raise PermissionDenied(_("This beneficiary is outside your region."))
    if beneficiary.status in (S.PROPOSED, S.VERIFIED, S.WITHDRAWN):
        raise ValidationError(
            _("Aid is delivered only to selected beneficiaries (this one is %(status)s).")
            % {"status": beneficiary.get_status_display()}
        )
    delivery = Delivery(
        beneficiary=beneficiary,
        bast_number=bast_number.strip(),
        delivered_on=delivered_on,
        notes=notes,
    )
    if bast_file is not None:
        delivery.bast_file = bast_file
    delivery.full_clean()
    delivery._history_user = user
    delivery.save()
    lines = []
    for item in items:
        if isinstance(item, dict):
            line = DeliveryItem(delivery=delivery, **item)
        else:
            kind, quantity, condition = item
            line = DeliveryItem(
                delivery=delivery, kind=kind, quantity=quantity, condition=condition
            )
        line.full_clean(exclude=["delivery"])
        lines.append(line)
    DeliveryItem.objects.bulk_create(lines)
    audit_bulk(
        user=user,
        action="delivery_record",
        model=Delivery,
        pks=[delivery.pk],
        detail={"bast": delivery.bast_number, "items": len(lines)},
    )
    return delivery
