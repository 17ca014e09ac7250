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
- health data (models whose admin is a `HealthDataMixin`) exists only for users with the health
  permission: no changelist lookup may travel to it, and a delete confirmation neither lists it
  nor asks for the permission to delete it (it goes with its owner);
- a change form carries the version of the record it was opened on and refuses to save over a
  newer one, naming who changed what since (optimistic locking, no silent revert);
- inlines are capped (core/admin_safety.py `CappedInlineMixin`) and the delete confirmation
  lists at most `DELETE_LIST_CAP` rows with the counts, so no page grows with the record;
- the history of a deleted record stays readable where its last version was in the user's
  scope (always for national staff), with a "deleted records" list per model.
No business rule lives here: rules are in the QuerySets and services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, flatten_fieldsets, quote, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import (
    FieldDoesNotExist,
    FieldError,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import Paginator
from django.db import models, router
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_safety import AdminSafetyMixin, CappedInlineMixin, stable_order, valid_pk
from core.audit import audit_bulk, audit_events_for

from .scoping import can_see_contacts, can_see_health, in_scope_or_none, scope_of

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


# The delete confirmation lists at most this many rows (then "… and N more"); the counts per
# kind of record above it are complete.
DELETE_LIST_CAP = 100
# The form field carrying the version of the record a change form was opened on.
VERSION_FIELD = "record_version"
_HIDDEN = object()
_MORE = object()


def _prune(items: list) -> tuple[list, int]:
    """Drop hidden rows (with what hangs below them) and rows past the cap from a nested
    delete list; return what is left and how many visible rows were dropped."""
    kept: list = []
    dropped = 0
    skip_children = False
    for item in items:
        if isinstance(item, list):
            if not skip_children:
                children, more = _prune(item)
                dropped += more
                if children:
                    kept.append(children)
            skip_children = False
            continue
        skip_children = item is _HIDDEN
        if item is _MORE:
            dropped += 1
        elif item is not _HIDDEN:
            kept.append(item)
    return kept, dropped


class VersionedFormMixin:
    """A change form that remembers the version of the record it was opened on and refuses to
    save over a newer one (set up by `ScopedModelAdmin.get_form`)."""

    model_admin: ScopedModelAdmin
    request: Any

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.model_admin.record_version(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        sent = self.data.get(self.add_prefix(VERSION_FIELD), "")
        # A client that sends no version (a script) saves as before: last write wins.
        if self.instance.pk is not None and sent:
            current = self.model_admin.record_version(self.instance.pk, lock=True)
            if sent != current:
                raise ValidationError(
                    self.model_admin.changed_since_message(self.request, self.instance, sent),
                    code="stale",
                )
        return cleaned


class ScopedModelAdmin(AdminSafetyMixin, ScopeRulesMixin, SimpleHistoryAdmin):
    """The base of every admin of a scoped model. See the module docstring.

    Fails closed twice: without a scope a user has no permission on the model at all (403),
    and the querysets are empty anyway.
    """

    object_history_template = "admin/scoped/object_history.html"
    object_history_list_template = "admin/scoped/object_history_list.html"
    deleted_records_template = "admin/scoped/deleted_records.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not self._has_history():
            # Reference models without simple-history: Django's own (LogEntry) history page.
            self.object_history_template = None

    def _has_history(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def _history(self):
        return getattr(self.model, self.model._meta.simple_history_manager_attribute)

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
        self.delete_rows(request, queryset)

    def delete_rows(self, request, queryset) -> None:
        """Delete the rows of a bulk delete (after the audit record). Admins whose deletes go
        through a service override this."""
        super().delete_queryset(request, queryset)

    # --- delete confirmation: bounded, scoped, no health data -----------------------------

    def get_deleted_objects(self, objs, request):
        """As Django's, but: rows of health models are neither listed nor counted for a user
        without the health permission, and need no permission of theirs to go with their owner;
        rows outside the user's scope are listed without their names; at most
        `DELETE_LIST_CAP` rows are listed (the counts stay complete); the scope of every row
        is read with one query per kind, not one per row."""
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(self.model), origin=objs)
        collector.collect(objs)
        hide_health = not can_see_health(request.user)
        hidden_models = {
            model
            for model in collector.model_objs
            if hide_health and is_health_model(self.admin_site, model)
        }
        for model, rows in collector.model_objs.items():
            if model not in hidden_models:
                _prefetch_in_scope(request, model, [row.pk for row in rows])
        perms_needed: set[str] = set()
        listed = [0]

        def format_callback(obj):
            model, opts = obj.__class__, obj._meta
            if model in hidden_models:
                return _HIDDEN
            model_admin = self.admin_site._registry.get(model)
            if model_admin is not None and not model_admin.has_delete_permission(request, obj):
                perms_needed.add(opts.verbose_name)
            if listed[0] >= DELETE_LIST_CAP:
                return _MORE
            listed[0] += 1
            if model_admin is not None and not model_admin.has_view_permission(request, obj):
                return gettext("%(kind)s: (outside your region)") % {
                    "kind": capfirst(opts.verbose_name)
                }
            try:
                url = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=(quote(obj.pk),),
                )
            except NoReverseMatch:
                url = None
            if model_admin is None or url is None:
                return f"{capfirst(opts.verbose_name)}: {_label(obj)}"
            return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

        to_delete, more = _prune(collector.nested(format_callback))
        protected, more_protected = _prune([format_callback(o) for o in collector.protected])
        for tail, count in ((to_delete, more), (protected, more_protected)):
            if count:
                tail.append(gettext("… and %(count)d more") % {"count": count})
        model_count = {
            model._meta.verbose_name_plural: len(rows)
            for model, rows in collector.model_objs.items()
            if model not in hidden_models
        }
        return to_delete, model_count, perms_needed, protected

    # --- optimistic locking ----------------------------------------------------------------

    def _is_versioned(self) -> bool:
        names = {f.name for f in self.model._meta.concrete_fields}
        return "modified" in names or self._has_history()

    def record_version(self, pk: Any, *, lock: bool = False) -> str:
        """The version of row `pk`: its latest history id and `modified` time. Any save changes
        it. With `lock`, the row is locked until the transaction ends (the admin saves in one),
        so no other save can slip between the check and this one."""
        rows = self.model._default_manager.filter(pk=pk)
        if lock:
            rows = rows.select_for_update()
        modified = ""
        if "modified" in {f.name for f in self.model._meta.concrete_fields}:
            value = rows.values_list("modified", flat=True).first()
            modified = value.isoformat() if value else ""
        elif lock:
            rows.values_list("pk", flat=True).first()
        history_id = ""
        if self._has_history():
            pk_name = self.model._meta.pk.attname
            latest = (
                self._history()
                .filter(**{pk_name: pk})
                .order_by("-history_id")
                .values_list("history_id", flat=True)
                .first()
            )
            history_id = str(latest or "")
        return f"{history_id}|{modified}"

    def changed_since_message(self, request, obj, version: str) -> str:
        """Who changed what since `version` (visible fields only), and what to do."""
        who: list[str] = []
        fields: list[str] = []
        hidden = list(self.hidden_fields(request))
        if self._has_history():
            since = version.split("|", 1)[0]
            records = self._history().filter(**{self.model._meta.pk.attname: obj.pk})
            if since.isdigit():
                records = records.filter(history_id__gt=int(since))
            for record in records.select_related("history_user").order_by("history_id")[:20]:
                user = record.history_user
                name = (user.get_full_name() or user.get_username()) if user else gettext("someone")
                if name not in who:
                    who.append(name)
                previous = record.prev_record
                if previous is None:
                    continue
                delta = record.diff_against(previous, excluded_fields=hidden)
                for change in delta.changes:
                    label = str(self.model._meta.get_field(change.field).verbose_name)
                    if label not in fields:
                        fields.append(label)
        what = ", ".join(fields) if fields else gettext("this record")
        return gettext(
            "Since you opened this form, %(who)s changed %(what)s. Nothing was saved, so as not "
            "to undo that: open the record again to see the current values, then make your "
            "changes again."
        ) % {"who": ", ".join(who) or gettext("someone else"), "what": what}

    def _versioned_for(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.pk is not None
            and not getattr(obj, "history_id", None)  # simple-history's view of an old version
            and self._is_versioned()
            and self.has_change_permission(request, obj)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._versioned_for(request, obj):
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                base.__name__,
                (VersionedFormMixin, base),
                {
                    VERSION_FIELD: forms.CharField(widget=forms.HiddenInput, required=False),
                    "model_admin": self,
                    "request": request,
                },
            )
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._versioned_for(request, obj) or not fieldsets:
            return fieldsets
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    # --- history, also of deleted records --------------------------------------------------

    def _deleted_records(self, request) -> models.QuerySet:
        """Deletion records of rows that are gone, in the user's scope as they last were."""
        history = self._history()
        live = self.model._default_manager.filter(pk=OuterRef(self.model._meta.pk.attname))
        records = history.filter(history_type="-").filter(~Exists(live))
        return _history_in_scope(request, self.model, records)

    def history_view(self, request, object_id, extra_context=None):
        if not (self.has_view_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        pk = valid_pk(self.model, unquote(object_id))
        if pk is None:
            raise Http404
        if not self.model._default_manager.filter(pk=pk).exists():
            # A deleted record: readable where its last version was in the user's scope.
            pk_name = self.model._meta.pk.attname
            if not self._has_history() or not (
                self._deleted_records(request).filter(**{pk_name: pk}).exists()
            ):
                raise Http404
            cache = request.__dict__.setdefault("_libportal_in_scope", {})
            cache[(self.model._meta.label, str(pk))] = True
            latest = self._history().filter(**{pk_name: pk}).order_by("-history_id").first()
            extra_context = {"object": _Labelled(latest.instance), **(extra_context or {})}
        elif not _in_scope(request, self.model, pk):
            raise Http404
        if not self._has_history():
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        context = {"bulk_events": audit_events_for(self.model(pk=pk))[:50]}
        context.update(extra_context or {})
        return super().history_view(request, object_id, extra_context=context)

    def history_view_title(self, request, obj):
        return gettext("View history: %s") % _label(obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting is off (settings.SIMPLE_HISTORY_REVERT_DISABLED), but simple-history's
        # page saves whatever is posted to it, past the change permission: read only.
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        pk = valid_pk(self.model, unquote(object_id))
        if not self._has_history() or pk is None or not _in_scope(request, self.model, pk):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def deleted_records_view(self, request):
        """The records of this kind deleted within the user's scope, newest first, each with
        a link to its history."""
        if not self._has_history() or not self.has_view_permission(request):
            raise PermissionDenied
        records = self._deleted_records(request).select_related("history_user")
        page = Paginator(records.order_by("-history_date", "-history_id"), 50).get_page(
            request.GET.get("p")
        )
        opts = self.model._meta
        pk_name = opts.pk.attname
        rows = [
            {
                "label": _label(record.instance),
                "deleted": record.history_date,
                "user": record.history_user,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
                    args=(quote(getattr(record, pk_name)),),
                ),
            }
            for record in page.object_list
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Deleted %(name)s") % {"name": opts.verbose_name_plural},
            "opts": opts,
            "page_obj": page,
            "rows": rows,
        }
        return TemplateResponse(request, self.deleted_records_template, context)

    def get_urls(self):
        urls = super().get_urls()
        if not self._has_history():
            return urls
        opts = self.model._meta
        own = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_records_view),
            name=f"{opts.app_label}_{opts.model_name}_deleted",
        )
        return [own, *urls]

    def changelist_view(self, request, extra_context=None):
        context = dict(extra_context or {})
        if self._has_history() and self.has_view_permission(request):
            opts = self.model._meta
            context["deleted_records_url"] = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_deleted"
            )
        return super().changelist_view(request, extra_context=context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As simple-history's, but protected fields never appear in the diff; each record
        also gets a `label` that survives a deleted related row."""
        hidden = list(self.hidden_fields(request))
        previous = None
        for current in historical_records:
            current.label = _label(current.instance)
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


class ScopedInlineMixin(CappedInlineMixin, ScopeRulesMixin):
    """For inlines of scoped models: rows, FK choices and contact fields as in ScopedModelAdmin,
    and at most `max_rows` rows (core/admin_safety.py `CappedInlineMixin`).

    `prefetch_autocomplete_labels` names autocomplete fields whose selected labels are read in
    one query for the rows the inline shows (bounded queries however many rows the parent has).
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
        rows = stable_order(self.get_queryset(request).filter(**{formset.fk.name: obj}))
        for name in self.prefetch_autocomplete_labels:
            field = formset.form.base_fields.get(name)
            if field is None:
                continue
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            if isinstance(widget, PrefetchedAutocompleteSelect):
                shown = list(rows.values_list(name, flat=True)[: self.max_rows])
                related = field.queryset.filter(pk__in=shown)
                widget.labels = {str(o.pk): field.label_from_instance(o) for o in related}
        return formset
