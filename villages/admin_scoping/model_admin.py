"""`ScopedModelAdmin`, the base of every admin of a scoped model (see the package docstring)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, flatten_fieldsets, quote, unquote
from django.core.exceptions import (
    PermissionDenied,
)
from django.core.paginator import Paginator
from django.db import models, router
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin_safety import AdminSafetyMixin, valid_pk
from core.audit import audit_bulk, audit_events_for
from villages.scoping import can_see_health, scope_of

from .forms import VERSION_FIELD, VersionedFormMixin
from .rules import (
    ScopeRulesMixin,
    _history_in_scope,
    _in_scope,
    _label,
    _Labelled,
    _prefetch_in_scope,
    is_health_model,
)

# The delete confirmation lists at most this many rows (then "… and N more"); the counts per
# kind of record above it are complete.
DELETE_LIST_CAP = 100


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


class ScopedModelAdmin(AdminSafetyMixin, ScopeRulesMixin, SimpleHistoryAdmin):
    """The base of every admin of a scoped model. See the package docstring.

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
