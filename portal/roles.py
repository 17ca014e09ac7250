"""Roles as Django groups, collected from each app's own declaration and kept in step with the
code on every `migrate`.

A role says what a staff user may do (add/change/delete/view per model); their `UserScope`
says where. A library operator (scope: one library) has the "Library operator" role: view and
change of their library's profile (`OPERATOR_PROFILE_MODELS`) and add/change/view of the records
they keep for it (each app's `OPERATOR_MODELS`); no other permission, so every other admin page
is a 403 even before the scope empties its rows. Two extra groups carry the protected-data
permissions and go on top of any role.
Each app lists its models by kind in its own `roles.py` (`REFERENCE_MODELS`, `RECORD_MODELS`);
this module is the one place that turns those lists into groups. The groups are synced after each
migrate (post_migrate), so a model added later gets its permissions without a data migration.
Groups are named in English; the admin shows these names as they are.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

import monitoring.roles
import programs.roles
import trainings.roles
import villages.roles
from core.models import AuditEvent
from villages.scoping import CONTACTS_PERMISSION, HEALTH_PERMISSION

NATIONAL_ADMIN = "National administrator"
COORDINATOR = "Coordinator"
VIEWER = "Viewer"
LIBRARY_OPERATOR = "Library operator"
CONTACT_DATA = "Contact data"
HEALTH_DATA = "Health data"

ROLE_GROUPS = (NATIONAL_ADMIN, COORDINATOR, VIEWER, LIBRARY_OPERATOR)
PROTECTED_DATA_GROUPS = (CONTACT_DATA, HEALTH_DATA)

ALL_ACTIONS = ("add", "change", "delete", "view")

_DECLARATIONS = (villages.roles, programs.roles, trainings.roles, monitoring.roles)


def reference_models() -> list[type[models.Model]]:
    return [m for d in _DECLARATIONS for m in d.REFERENCE_MODELS]


def record_models() -> list[type[models.Model]]:
    return [m for d in _DECLARATIONS for m in d.RECORD_MODELS]


def operator_profile_models() -> list[type[models.Model]]:
    return [m for d in _DECLARATIONS for m in getattr(d, "OPERATOR_PROFILE_MODELS", ())]


def operator_models() -> list[type[models.Model]]:
    return [m for d in _DECLARATIONS for m in getattr(d, "OPERATOR_MODELS", ())]


def _perms(model_list: list[type[models.Model]], actions: tuple[str, ...]) -> list[str]:
    return [
        f"{m._meta.app_label}.{action}_{m._meta.model_name}"
        for m in model_list
        for action in actions
    ]


def role_permissions() -> dict[str, list[str]]:
    """Group name -> the permissions ("app_label.codename") it carries."""
    reference, records, audit = reference_models(), record_models(), [AuditEvent]
    return {
        NATIONAL_ADMIN: _perms(reference + records, ALL_ACTIONS) + _perms(audit, ("view",)),
        COORDINATOR: _perms(reference, ("view",))
        + _perms(records, ALL_ACTIONS)
        + _perms(audit, ("view",)),
        VIEWER: _perms(reference + records + audit, ("view",)),
        LIBRARY_OPERATOR: _perms(operator_profile_models(), ("view", "change"))
        + _perms(operator_models(), ("add", "change", "view")),
        CONTACT_DATA: [CONTACTS_PERMISSION],
        HEALTH_DATA: [HEALTH_PERMISSION],
    }


def roles_sync(*, using: str = "default") -> None:
    """Create the groups and set exactly the permissions above (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for name, perms in role_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        query = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        found = list(Permission.objects.using(using).filter(query))
        group.permissions.set(found)


def on_post_migrate(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions of every app must exist before the groups point at them; post_migrate runs
    # app by app, so create them now (create_permissions is idempotent).
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    roles_sync(using=using)
