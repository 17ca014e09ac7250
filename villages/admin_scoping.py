"""Admin base classes that apply regional scope, protected-data rules and history to every page.

Every admin of a scoped model extends `ScopedModelAdmin` (inlines: `ScopedInlineMixin`), so:
- changelist, change, delete, history pages and autocomplete results only reach rows of
  `Model.objects.in_scope(user)` (the one scoping mechanism, villages/scoping.py);
- every foreign-key choice (select, autocomplete, raw id, inline) is limited to the related
  model's `in_scope(user)`, so posting an out-of-scope id by hand is a form error;
- contact fields (`contact_fields`) are left out of forms, history diffs and history snapshots
  for users without the contacts permission, and a masked note is shown instead;
- the history page (django-simple-history) lists field-by-field changes and, below, the bulk
  operations (core.audit) that touched the record; delete-selected writes one such record.
No business rule lives here: rules are in the QuerySets and services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_safety import CheckedSelectionMixin
from core.audit import audit_bulk, audit_events_for

from .scoping import can_see_contacts, in_scope_or_none, is_national, scope_of

CONTACTS_HIDDEN = _("•••• hidden: personal data (needs the contacts permission)")


def _in_scope(request, model: type[models.Model], pk: Any) -> bool:
    """Is row `pk` of `model` in the user's scope? Cached per request: the admin asks often."""
    cache = request.__dict__.setdefault("_libportal_in_scope", {})
    key = (model._meta.label, str(pk))
    if key not in cache:
        scoped = in_scope_or_none(model, request.user)
        cache[key] = True if scoped is None else scoped.filter(pk=pk).exists()
    return cache[key]


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
        return super().lookup_allowed(lookup, value, request)

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


class ScopedModelAdmin(CheckedSelectionMixin, ScopeRulesMixin, SimpleHistoryAdmin):
    """The base of every admin of a scoped model. See the module docstring.

    Fails closed twice: without a scope a user has no permission on the model at all (403),
    and the querysets are empty anyway.
    """

    object_history_template = "admin/scoped/object_history.html"
    object_history_list_template = "admin/scoped/object_history_list.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not self._has_history():
            # Reference models without simple-history: Django's own (LogEntry) history page.
            self.object_history_template = None

    def _has_history(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def _has_scope(self, request) -> bool:
        return scope_of(request.user) is not None

    def has_module_permission(self, request):
        return self._has_scope(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return (
            self._has_scope(request)
            and super().has_view_permission(request, obj)
            and self._row_allowed(request, obj)
        )

    def has_add_permission(self, request):
        return self._has_scope(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return (
            self._has_scope(request)
            and super().has_change_permission(request, obj)
            and self._row_allowed(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            self._has_scope(request)
            and super().has_delete_permission(request, obj)
            and self._row_allowed(request, obj)
        )

    def delete_queryset(self, request, queryset):
        # Row history records each deletion (post_delete signals); this names the batch.
        audit_bulk(
            user=request.user,
            action="delete",
            model=self.model,
            pks=list(queryset.values_list("pk", flat=True)),
        )
        super().delete_queryset(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        if not (self.has_view_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        pk = unquote(object_id)
        # A deleted record's history stays readable to national staff only: with the row gone,
        # its region can no longer be checked against a coordinator's scope.
        if not _in_scope(request, self.model, pk) or (
            not is_national(request.user) and not self.model._default_manager.filter(pk=pk).exists()
        ):
            raise Http404
        if not self._has_history():
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        context = {"bulk_events": audit_events_for(self.model(pk=pk))[:50]}
        context.update(extra_context or {})
        return super().history_view(request, object_id, extra_context=context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        pk = unquote(object_id)
        if not self._has_history() or not _in_scope(request, self.model, pk):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As simple-history's, but protected fields never appear in the diff."""
        hidden = list(self.hidden_fields(request))
        previous = None
        for current in historical_records:
            if previous is None:
                previous = current
                continue
            delta = previous.diff_against(
                current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs
            )
            helper = self.get_historical_record_context_helper(request, previous)
            previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


class PrefetchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose selected option's label may come from `labels` (pk → text), filled
    once per formset: Django's widget asks the database once per row otherwise."""

    labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.labels is None or not selected <= self.labels.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for pk in sorted(selected):
            default[1].append(
                self.create_option(name, pk, self.labels[pk], selected, len(default[1]))
            )
        return [default]


class ScopedInlineMixin(ScopeRulesMixin):
    """For inlines of scoped models: rows, FK choices and contact fields as in ScopedModelAdmin.

    `prefetch_autocomplete_labels` names autocomplete fields whose selected labels are read in
    one query for the whole inline (bounded queries however many rows the inline shows).
    """

    prefetch_autocomplete_labels: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.prefetch_autocomplete_labels and "widget" not in kwargs:
            kwargs["widget"] = PrefetchedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is None or obj.pk is None:
            return formset
        rows = self.get_queryset(request).filter(**{formset.fk.name: obj})
        for name in self.prefetch_autocomplete_labels:
            field = formset.form.base_fields.get(name)
            if field is None:
                continue
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            if isinstance(widget, PrefetchedAutocompleteSelect):
                related = field.queryset.filter(pk__in=rows.values(name))
                widget.labels = {str(o.pk): field.label_from_instance(o) for o in related}
        return formset
