"""Roles as Django groups, kept in step with the code on every `migrate`.

A role says what a staff user may do (add/change/delete/view per model); their `UserScope`
says where. Two extra groups carry the protected-data permissions and go on top of any role.
The group permissions are synced after each migrate (post_migrate), so a model added later gets
its permissions in the roles without a data migration per change. Groups are named in English;
the admin shows these names as they are.

The models of the higher apps are named by "app_label.model" strings: data, not imports.
"""

from __future__ import annotations

from django.db.models import Q

NATIONAL_ADMIN = "National administrator"
COORDINATOR = "Coordinator"
VIEWER = "Viewer"
CONTACT_DATA = "Contact data"
HEALTH_DATA = "Health data"

ROLE_GROUPS = (NATIONAL_ADMIN, COORDINATOR, VIEWER)

# Reference data: coordinators look it up (and pick it in forms) but only national staff edit it.
REFERENCE_MODELS = [
    "villages.province",
    "villages.regency",
    "villages.district",
    "villages.village",
    "programs.institution",
    "programs.official",
    "programs.program",
    "programs.programcycle",
]
# The program's records, which coordinators keep for their region.
RECORD_MODELS = [
    "villages.villagelibrary",
    "programs.beneficiary",
    "trainings.trainingevent",
    "trainings.agendaitem",
    "trainings.participant",
    "trainings.attendance",
    "trainings.healthscreening",
]
AUDIT_MODELS = ["libportal.auditevent"]

ALL_ACTIONS = ("add", "change", "delete", "view")


def _perms(models: list[str], actions: tuple[str, ...]) -> list[str]:
    return [f"{m.split('.')[0]}.{a}_{m.split('.')[1]}" for m in models for a in actions]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    NATIONAL_ADMIN: _perms(REFERENCE_MODELS + RECORD_MODELS, ALL_ACTIONS)
    + _perms(AUDIT_MODELS, ("view",)),
    COORDINATOR: _perms(REFERENCE_MODELS, ("view",))
    + _perms(RECORD_MODELS, ALL_ACTIONS)
    + _perms(AUDIT_MODELS, ("view",)),
    VIEWER: _perms(REFERENCE_MODELS + RECORD_MODELS + AUDIT_MODELS, ("view",)),
    CONTACT_DATA: ["villages.view_contact_data"],
    HEALTH_DATA: ["villages.view_health_data"],
}


def roles_sync(*, using: str = "default") -> None:
    """Create the groups and set exactly the permissions above (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        query = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        found = list(Permission.objects.using(using).filter(query))
        group.permissions.set(found)


def _on_post_migrate(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions of every app must exist before the groups point at them; post_migrate runs
    # app by app, so create them now (create_permissions is idempotent).
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    roles_sync(using=using)
