"""Writes on people's access: their role, their region and the protected-data permissions."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from villages.models import Province, Regency, UserScope, VillageLibrary
from villages.scoping import forget_scope

from .roles import (
    CONTACT_DATA,
    COORDINATOR,
    HEALTH_DATA,
    LIBRARY_OPERATOR,
    NATIONAL_ADMIN,
    PROTECTED_DATA_GROUPS,
    ROLE_GROUPS,
    VIEWER,
    roles_sync,
)

ROLE_COORDINATOR = "coordinator"
ROLE_VIEWER = "viewer"


@dataclass(frozen=True)
class Access:
    """What `user_access_grant` set: the role group and the scope row."""

    role_group: str
    scope: UserScope


def role_group_for(*, level: str, role: str) -> str:
    """The group of a role at a level: a national coordinator is the national administrator; a
    library scope always has the library operator's role."""
    if level == UserScope.Level.LIBRARY:
        return LIBRARY_OPERATOR
    if role == ROLE_VIEWER:
        return VIEWER
    return NATIONAL_ADMIN if level == UserScope.Level.NATIONAL else COORDINATOR


def scope_build(*, level: str, code: str = "") -> UserScope:
    """An unsaved scope row for a level and region code (a library's slug for a library scope),
    checked: ValidationError names a code that is not an official province ("51"), regency
    ("51.03") or a library's slug."""
    code = (code or "").strip()
    if level == UserScope.Level.PROVINCE:
        if not Province.objects.filter(code=code).exists():
            raise ValidationError(
                {
                    "province": _("No province has the code “%(code)s” (two digits, e.g. 51).")
                    % {"code": code}
                }
            )
        scope = UserScope(level=level, province_id=code)
    elif level == UserScope.Level.REGENCY:
        if not Regency.objects.filter(code=code).exists():
            raise ValidationError(
                {
                    "regency": _("No regency/city has the code “%(code)s” (like 51.03).")
                    % {"code": code}
                }
            )
        scope = UserScope(level=level, regency_id=code, province_id=code[:2])
    elif level == UserScope.Level.LIBRARY:
        library_id = VillageLibrary.objects.filter(slug=code).values_list("pk", flat=True).first()
        if library_id is None:
            raise ValidationError(
                {
                    "library": _(
                        "No library has the slug “%(slug)s” (the last part of its page address)."
                    )
                    % {"slug": code}
                }
            )
        scope = UserScope(level=level, library_id=library_id)
    elif level == UserScope.Level.NATIONAL:
        scope = UserScope(level=level)
    else:
        raise ValidationError({"level": _("Unknown level “%(level)s”.") % {"level": level}})
    scope.clean()
    return scope


@transaction.atomic
def user_access_grant(
    *, user, level: str, code: str = "", role: str = ROLE_COORDINATOR, contacts: bool, health: bool
) -> Access:
    """Set a staff user's whole access: scope, role group and protected-data groups (those left
    out are taken away). The one way to grant access: the command and the user admin call it."""
    scope = scope_build(level=level, code=code)
    role_group = role_group_for(level=scope.level, role=role)
    roles_sync()
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    row, _created = UserScope.objects.update_or_create(
        user=user,
        defaults={
            "level": scope.level,
            "province_id": scope.province_id,
            "regency_id": scope.regency_id,
            "library_id": scope.library_id,
        },
    )
    wanted = {role_group}
    if health:
        wanted.add(HEALTH_DATA)
    if contacts:
        wanted.add(CONTACT_DATA)
    managed = set(ROLE_GROUPS) | set(PROTECTED_DATA_GROUPS)
    user.groups.remove(*Group.objects.filter(name__in=managed - wanted))
    user.groups.add(*Group.objects.filter(name__in=wanted))
    forget_scope(user)
    return Access(role_group=role_group, scope=row)


@transaction.atomic
def user_access_revoke(*, user) -> None:
    """Take a user's scope and every managed group away: they then see no regional record."""
    UserScope.objects.filter(user=user).delete()
    managed = set(ROLE_GROUPS) | set(PROTECTED_DATA_GROUPS)
    user.groups.remove(*Group.objects.filter(name__in=managed))
    forget_scope(user)
