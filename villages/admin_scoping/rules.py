"""Scope, contact and health rules shared by the scoped admins and inlines (helpers and
`ScopeRulesMixin`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import (
    FieldDoesNotExist,
    FieldError,
    ObjectDoesNotExist,
)
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.admin_safety import valid_pk
from villages.scoping import can_see_contacts, can_see_health, in_scope_or_none, scope_of

CONTACTS_HIDDEN = _("•••• hidden: personal data (needs the contacts permission)")


def _in_scope(request, model: type[models.Model], pk: Any) -> bool:
    """Is row `pk` of `model` in the user's scope? Cached per request: the admin asks often."""
    cache = request.__dict__.setdefault("_libportal_in_scope", {})
    key = (model._meta.label, str(pk))
    if key not in cache:
        scoped = in_scope_or_none(model, request.user)
        if scoped is None:
            cache[key] = True
        else:
            pk = valid_pk(model, pk)
            cache[key] = pk is not None and scoped.filter(pk=pk).exists()
    return cache[key]


def _prefetch_in_scope(request, model: type[models.Model], pks: list[Any]) -> None:
    """Fill `_in_scope`'s cache for many rows with one query per 500 (a delete confirmation
    asks about every row it collects)."""
    cache = request.__dict__.setdefault("_libportal_in_scope", {})
    label = model._meta.label
    scoped = in_scope_or_none(model, request.user)
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        if scoped is None:
            found = {str(pk) for pk in chunk}
        else:
            found = {str(pk) for pk in scoped.filter(pk__in=chunk).values_list("pk", flat=True)}
        for pk in chunk:
            cache[(label, str(pk))] = str(pk) in found


def _history_in_scope(request, model: type[models.Model], records: models.QuerySet):
    """Historical rows of `model` whose recorded region is in the user's scope: the model's own
    scope rule, applied to the historical table (same field names). Fails closed."""
    scope = scope_of(request.user)
    if scope is None:
        return records.none()
    if scope.is_national:
        return records
    if scope.is_library:
        # An operator's deleted rows: those whose recorded library was theirs.
        library_q = getattr(type(model._default_manager.all()), "library_q", None)
        condition = library_q(scope) if library_q is not None else None
        if condition is None:
            return records.none()
        try:
            return records.filter(_retarget_pk(condition, model._meta.pk.attname))
        except (FieldError, FieldDoesNotExist):
            return records.none()
    rule = getattr(type(model._default_manager.all()), "scope_q", None)
    if rule is None:
        return records  # not a scoped model: every staff user sees its rows
    # On a historical table `pk` is the history row's id: the rule's `pk` means the record's.
    condition = _retarget_pk(rule(scope), model._meta.pk.attname)
    try:
        return records.filter(condition)
    except (FieldError, FieldDoesNotExist):
        return records.none()


def _retarget_pk(q: Q, pk_name: str) -> Q:
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            clone.children.append(_retarget_pk(child, pk_name))
            continue
        key, value = child
        if key == "pk" or key.startswith("pk__"):
            key = pk_name + key[2:]
        clone.children.append((key, value))
    return clone


class _Labelled:
    """A deleted record's last version for templates: its attributes, and `_label` as text."""

    def __init__(self, obj: models.Model) -> None:
        self._obj = obj

    def __getattr__(self, name: str) -> Any:
        return getattr(self._obj, name)

    def __str__(self) -> str:
        return _label(self._obj)


def _label(obj: models.Model) -> str:
    """`str(obj)`, or its kind and id when that needs a related row that is gone (a deleted
    record's history)."""
    try:
        return str(obj)
    except ObjectDoesNotExist:
        return f"{capfirst(obj._meta.verbose_name)} #{obj.pk}"


def _strip_fields(fieldsets, hidden: set[str], replacement: str | None):
    result = []
    for name, options in fieldsets:
        fields = []
        for field in options.get("fields", ()):
            if isinstance(field, (list, tuple)):
                kept = [f for f in field if f not in hidden]
                if kept:
                    fields.append(tuple(kept))
            elif field not in hidden:
                fields.append(field)
        if (
            replacement
            and len(fields) < len(options.get("fields", ()))
            and replacement not in fields
        ):
            fields.append(replacement)
        result.append((name, {**options, "fields": fields}))
    return result


# Every model's personal contact fields are named so (participants, libraries).
CONTACT_FIELD_NAMES = frozenset({"phone", "email"})


class HealthDataMixin:
    """For the admin (or inline) of a health model: its rows exist, for a user, only with the
    health permission (UU PDP 27/2022). Other admins recognise health models by this mixin."""

    def _health_ok(self, request) -> bool:
        return can_see_health(request.user)

    def has_module_permission(self, request):
        return self._health_ok(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._health_ok(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._health_ok(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._health_ok(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._health_ok(request) and super().has_delete_permission(request, obj)


def is_health_model(admin_site, model: type[models.Model]) -> bool:
    """Does `model` hold health data (its model admin is a `HealthDataMixin`)?"""
    return isinstance(admin_site._registry.get(model), HealthDataMixin)


class ScopeRulesMixin:
    """Shared by model admins and inlines: scoped rows, scoped FK choices, hidden contacts."""

    # Fields holding personal contact data; hidden without the contacts permission.
    contact_fields: tuple[str, ...] = ()

    def hidden_fields(self, request) -> set[str]:
        return set() if can_see_contacts(request.user) else set(self.contact_fields)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "in_scope"):
            qs = qs.in_scope(request.user)
        return qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            scoped = in_scope_or_none(db_field.remote_field.model, request.user)
            if scoped is not None:
                kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_fields(self, request):
        # Searching by a phone number would confirm it: no contact fields in search without
        # the permission, even if an admin lists them.
        hidden = self.hidden_fields(request)
        fields = super().get_search_fields(request)
        return [f for f in fields if f.lstrip("^=@").rsplit("__", 1)[-1] not in hidden]

    def lookup_allowed(self, lookup, value, request=None):
        # Django lets any changelist URL filter on the model's own fields: `?phone=+62…`
        # would confirm a number, `?phone__startswith=` reveal it digit by digit. Without the
        # contacts permission no lookup may touch a contact field, on this model or a related one.
        if request is not None and not can_see_contacts(request.user):
            if CONTACT_FIELD_NAMES & set(lookup.split("__")):
                return False
        # Likewise `?screenings__isnull=False` would list who was screened: without the health
        # permission no lookup may travel to a health model, by any path.
        if request is not None and not can_see_health(request.user):
            if self._lookup_reaches_health(lookup):
                return False
        return super().lookup_allowed(lookup, value, request)

    def _lookup_reaches_health(self, lookup: str) -> bool:
        model = self.model
        for part in lookup.split("__"):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return False
            if not field.is_relation or field.related_model is None:
                return False
            model = field.related_model
            if is_health_model(self.admin_site, model):
                return True
        return False

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        return exclude + sorted(self.hidden_fields(request) - set(exclude)) or None

    def get_fields(self, request, obj=None):
        hidden = self.hidden_fields(request)
        fields = [f for f in super().get_fields(request, obj) if f not in hidden]
        if hidden and self.contact_fields and "contacts_masked" not in fields:
            fields.append("contacts_masked")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = self.hidden_fields(request)
        if not hidden:
            return fieldsets
        return _strip_fields(fieldsets, hidden, "contacts_masked")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.hidden_fields(request):
            readonly.append("contacts_masked")
        return readonly

    @admin.display(description=_("contact"))
    def contacts_masked(self, obj) -> str:
        if obj is None or not any(getattr(obj, f, "") for f in self.contact_fields):
            return "–"
        return str(CONTACTS_HIDDEN)

    def _row_allowed(self, request, obj) -> bool:
        return obj is None or obj.pk is None or _in_scope(request, obj.__class__, obj.pk)
