"""Which records invalidate the cached public pages (the mechanism is `core/cache.py`).

The rule lives here once: the portal is the layer that composes the public pages, so it is the
one that knows which records they read. A save, a delete or an m2m change of any of them bumps
the public version; so does every audited bulk write (imports, bulk admin actions and the
services that write with `bulk_create`/`update` record an `AuditEvent`), because bulk writes
send no per-row signals.

Left out on purpose: user scopes, API tokens and certificates (no cached page shows them).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.cache import bump_public_version
from core.models import AuditEvent
from programs.models import (
    AidPackage,
    AidPackageItem,
    Beneficiary,
    BeneficiaryDocument,
    Delivery,
    DeliveryItem,
    Institution,
    Official,
    Program,
    ProgramCycle,
    ProvinceQuota,
    SelectionDecree,
)
from trainings.models import (
    AgendaItem,
    Attendance,
    HealthScreening,
    Participant,
    Person,
    TrainingEvent,
)
from villages.models import District, Province, Regency, Village, VillageLibrary

PUBLIC_MODELS = (
    Province,
    Regency,
    District,
    Village,
    VillageLibrary,
    Institution,
    Official,
    Program,
    ProgramCycle,
    ProvinceQuota,
    SelectionDecree,
    AidPackage,
    AidPackageItem,
    Beneficiary,
    BeneficiaryDocument,
    Delivery,
    DeliveryItem,
    TrainingEvent,
    AgendaItem,
    Person,
    Participant,
    Attendance,
    HealthScreening,
    AuditEvent,
)


def _changed(sender, using=None, instance=None, **kwargs) -> None:
    if isinstance(instance, AuditEvent) and instance.action.startswith("export"):
        return  # an export reads: nothing public changed
    bump_public_version(using=using or "default")


def connect() -> None:
    """Called once from `PortalConfig.ready`."""
    for model in PUBLIC_MODELS:
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")
