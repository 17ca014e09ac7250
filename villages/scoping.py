"""Regional scoping: who may see which records. The one place that decides it.

A staff user's scope is national, one province, one regency, or one library (a `UserScope` row,
edited in the user admin or with `manage.py grant_scope`). Every scoped model's default manager has
`.in_scope(user)`, built on `ScopedQuerySet`; the admin, the exporters, the importers and the
staff views all filter through it. It fails closed: anonymous, inactive, non-staff users and staff
with no scope get `.none()`; superusers and national staff get everything.

Events: an event held for one regency (`TrainingEvent.regency` set) belongs to that regency; an
event held for a whole province (`regency` empty) is visible to that province's coordinator AND
to every regency coordinator of that province, because their libraries' people attend it. A
regency coordinator sees only their own regency's participants of such an event (participants,
attendance and screenings are scoped by the participant's library, not by the event), and may not
change the province-wide event itself (`TrainingEvent.is_changeable_by`).

Library operators: a library scope (the library's manager or staff) reaches only rows that name
their library through the model's queryset `library_path` ("pk" for the library itself, "library"
for a monthly report, ...). A model without a `library_path` gives an operator nothing: the rule
lives here once, so a new model is closed to operators until it says how it belongs to a library.
An operator's `Scope.code` is empty, so code that compares region codes finds nothing either.

Contacts and health: `can_see_contacts(user)` / `can_see_health(user)` read two permissions
defined on `UserScope` (`villages.view_contact_data`, `villages.view_health_data`), granted
through the "Contact data" and "Health data" groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    UserLike = AbstractBaseUser | AnonymousUser | None

CONTACTS_PERMISSION = "villages.view_contact_data"
HEALTH_PERMISSION = "villages.view_health_data"

NATIONAL = "national"
PROVINCE = "province"
REGENCY = "regency"
LIBRARY = "library"

_CACHE_ATTR = "_libportal_scope"


@dataclass(frozen=True)
class Scope:
    """A resolved scope. `code` is the province code ("51") or regency code ("51.03"); a
    library scope has no code (it matches no region) and its library's id in `library_id`."""

    level: str
    code: str = ""
    library_id: int | None = None

    @property
    def is_library(self) -> bool:
        return self.level == LIBRARY

    @property
    def is_national(self) -> bool:
        return self.level == NATIONAL

    @property
    def province_code(self) -> str:
        return self.code[:2] if self.code else ""

    @property
    def regency_code(self) -> str:
        return self.code if self.level == REGENCY else ""

    def __str__(self) -> str:
        if self.is_library:
            return f"{self.level} {self.library_id}"
        return f"{self.level} {self.code}".strip()


def _active_staff(user: UserLike) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
    )


def scope_of(user: UserLike) -> Scope | None:
    """The user's scope, or None (sees nothing). Superusers are national.

    Cached on the user object, so one request asks the database once.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    if getattr(user, "is_superuser", False):
        return Scope(NATIONAL)
    if not getattr(user, "is_staff", False):
        return None
    if hasattr(user, _CACHE_ATTR):
        return getattr(user, _CACHE_ATTR)
    from .models import UserScope  # models import this module for ScopedQuerySet

    row = (
        UserScope.objects.filter(user_id=user.pk)
        .values("level", "province_id", "regency_id", "library_id")
        .first()
    )
    scope: Scope | None = None
    if row is not None:
        if row["level"] == NATIONAL:
            scope = Scope(NATIONAL)
        elif row["level"] == PROVINCE and row["province_id"]:
            scope = Scope(PROVINCE, row["province_id"])
        elif row["level"] == REGENCY and row["regency_id"]:
            scope = Scope(REGENCY, row["regency_id"])
        elif row["level"] == LIBRARY and row["library_id"]:
            scope = Scope(LIBRARY, library_id=row["library_id"])
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after changing a user's UserScope in the same request/test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_national(user: UserLike) -> bool:
    """True for superusers and active staff with a national scope."""
    scope = scope_of(user)
    return scope is not None and scope.is_national


def has_regional_scope(user: UserLike) -> bool:
    """Does the user work for a region (national, a province or a regency)? A library
    operator does not: region-wide tools (API tokens, exports) stay closed to them."""
    scope = scope_of(user)
    return scope is not None and not scope.is_library


def operator_library_id(user: UserLike) -> int | None:
    """The id of the one library a library operator works for, else None."""
    scope = scope_of(user)
    return scope.library_id if scope is not None and scope.is_library else None


def can_see_contacts(user: UserLike) -> bool:
    """May the user see personal contact data (phones, e-mails)? Needs the contacts permission."""
    return _active_staff(user) and user.has_perm(CONTACTS_PERMISSION)  # type: ignore[union-attr]


def can_see_health(user: UserLike) -> bool:
    """May the user see health data (antigen results)? Needs the health permission."""
    return _active_staff(user) and user.has_perm(HEALTH_PERMISSION)  # type: ignore[union-attr]


def prefix_q(q: Q, prefix: str) -> Q:
    """The same condition, seen from a model that reaches this one through `prefix`."""
    if not prefix:
        return q
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    clone.children = [
        prefix_q(child, prefix) if isinstance(child, Q) else (f"{prefix}__{child[0]}", child[1])
        for child in q.children
    ]
    return clone


class ScopedQuerySet(models.QuerySet):
    """Base QuerySet of every regionally scoped model.

    Subclasses name the paths to a province code and a regency code (`province_path`,
    `regency_path`, e.g. "library__province") or override `scope_q` for a rule that is
    not "this row's province/regency". `library_path` names the path to the row's library
    (e.g. "library", "report__library"; "pk" on the library itself): only models that set it
    show rows to a library operator.
    """

    province_path: str = ""
    regency_path: str = ""
    library_path: str = ""

    @classmethod
    def library_q(cls, scope: Scope) -> Q | None:
        """The condition for a library operator's rows, or None: this model has no library
        path, so an operator sees none of it."""
        if not cls.library_path or scope.library_id is None:
            return None
        return Q(**{cls.library_path: scope.library_id})

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """The condition for rows inside a province or regency scope (never called for national)."""
        if scope.level == PROVINCE:
            return Q(**{cls.province_path: scope.code})
        # The province too: lets the database use a province index, and is always true anyway.
        return Q(**{cls.province_path: scope.province_code, cls.regency_path: scope.code})

    def in_scope(self, user: UserLike) -> models.QuerySet:
        """The rows `user` may see. Fails closed: no scope → `.none()`; national → all."""
        scope = scope_of(user)
        if scope is None:
            return self.none()
        if scope.is_national:
            return self.all()
        if scope.is_library:
            condition = self.library_q(scope)
            return self.none() if condition is None else self.filter(condition)
        return self.filter(self.scope_q(scope))


class ProvinceQuerySet(ScopedQuerySet):
    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q(code=scope.province_code)


class RegencyQuerySet(ScopedQuerySet):
    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        if scope.level == PROVINCE:
            return Q(province=scope.code)
        return Q(code=scope.code)


class DistrictQuerySet(ScopedQuerySet):
    province_path = "regency__province"
    regency_path = "regency"


class VillageQuerySet(ScopedQuerySet):
    # Village stores its province and regency: no joins.
    province_path = "province"
    regency_path = "regency"


class VillageLibraryQuerySet(ScopedQuerySet):
    # A library stores the province and regency it serves (a province library has no regency,
    # so a regency coordinator never sees it): the same rule for all three levels, no joins.
    province_path = "province"
    regency_path = "regency"
    library_path = "pk"


def in_scope_or_none(model: type[models.Model], user: UserLike) -> models.QuerySet:
    """`model.objects.in_scope(user)` if the model is scoped, else None (not a scoped model)."""
    qs = model._default_manager.all()
    if hasattr(qs, "in_scope"):
        return qs.in_scope(user)
    return None  # type: ignore[return-value]
