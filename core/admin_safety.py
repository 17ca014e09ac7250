"""Admin behaviour every model admin of the portal shares: hostile input answers with a message
or a 404, never a 500, and no page grows with what a record holds.

`AdminSafetyMixin` is given to every registered model admin, ours and third-party ones alike,
by the portal's admin site (core/admin_site.py); `CappedInlineMixin` caps an inline's rows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The widest integer a database column holds (PostgreSQL bigint, SQLite INTEGER).
_BIGINT = 2**63 - 1


def valid_pk(model: type[models.Model], value: Any) -> Any | None:
    """`value` as `model`'s primary key, or None if it cannot be one (not a number, out of the
    column's range, a NUL byte): callers answer 404 instead of letting the database fail."""
    field = model._meta.pk
    try:
        pk = field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return None
    if pk is None:
        return None
    if isinstance(pk, int) and not -_BIGINT <= pk <= _BIGINT:
        return None
    if isinstance(pk, str) and "\x00" in pk:
        return None
    return pk


def stable_order(queryset: models.QuerySet) -> models.QuerySet:
    """The queryset in its own order with the primary key last, so that "the first N rows"
    are the same N on the page and on the POST that saves it."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    return queryset.order_by(*ordering, "pk")


class CheckedSelectionMixin:
    """Refuse a changelist action whose selected ids are not ids.

    Django filters `pk__in` with whatever was posted, and a hand-made `_selected_action=abc`
    ends in a ValueError and a 500; here it is a message and the list again.
    """

    def response_action(self, request, queryset):
        pk_field = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk_field.to_python(value)
        except ValidationError:
            self.message_user(
                request, _("The selection is not valid: choose the rows again."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


def _history_helper_class():
    """simple-history's context helper, speaking the form's language: choice labels
    ("Draf → Terbit", not "draft → published"), yes/no for booleans, a dash for empty."""
    from simple_history.template_utils import HistoricalRecordContextHelper

    class LabelledHistoryContextHelper(HistoricalRecordContextHelper):
        def prepare_delta_change_value(self, change, value):
            value = super().prepare_delta_change_value(change, value)
            try:
                field = self.model._meta.get_field(change.field)
            except FieldDoesNotExist:
                return value
            if value is None or value == "":
                return "—"
            if getattr(field, "flatchoices", None):
                return dict(field.flatchoices).get(value, value)
            if isinstance(field, models.BooleanField):
                return _("Yes") if value else _("No")
            return value

    return LabelledHistoryContextHelper


def _deletable_only(action):
    """Django's "delete selected" on the chosen rows the user may delete (the model admin's
    `has_delete_permission(request, obj)`, the same rule as the record's own delete button):
    read-only rows are left out with a message, and when none is left the list comes back
    with the message instead of a refusal page listing kinds of records (issue 16)."""

    def delete_selected(modeladmin, request, queryset):
        chosen = list(queryset)
        allowed = [obj.pk for obj in chosen if modeladmin.has_delete_permission(request, obj)]
        refused = len(chosen) - len(allowed)
        if not allowed:
            modeladmin.message_user(
                request,
                _(
                    "You may not delete the chosen records (read-only for you); nothing was "
                    "deleted."
                ),
                messages.WARNING,
            )
            return None
        if refused and request.POST.get("post") != "yes":
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d chosen record is read-only for you and is left out.",
                    "%(count)d chosen records are read-only for you and are left out.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )
        return action(modeladmin, request, queryset.filter(pk__in=allowed))

    return delete_selected


class AdminSafetyMixin(CheckedSelectionMixin):
    """Input a user can type never ends in a 500.

    - A changelist whose filters cannot be applied (a date-hierarchy year past 9999, a number
      too large for its column, a list filter given a non-number) answers as Django does for
      any unusable filter: the list again with "?e=1", not a traceback.
    - History pages (Django's and simple-history's) answer 404 to an id that cannot be one.
    """

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_deletable_only(func), name, description)
        return actions

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error

    def history_view(self, request, object_id, extra_context=None):
        if valid_pk(self.model, unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        # simple-history's history page: a save without a reason has none, an empty cell,
        # never the word "None".
        page = context.get("page_obj")
        for record in getattr(page, "object_list", None) or ():
            if getattr(record, "history_change_reason", "") is None:
                record.history_change_reason = ""
        return super().render_history_view(request, template, context, **kwargs)

    def get_historical_record_context_helper(self, request, historical_record):
        return _history_helper_class()(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = getattr(self.model, "history", None)
        if valid_pk(self.model, unquote(object_id)) is None or history is None:
            raise Http404
        if valid_pk(history.model, version_id) is None:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class CappedInlineFormSet(BaseInlineFormSet):
    """An inline formset that holds at most `max_rows` existing rows (the first, in the
    inline's order); `total_rows` says how many there are in all."""

    max_rows = 20
    total_rows = 0

    def get_queryset(self):
        if not hasattr(self, "_capped_queryset"):
            queryset = stable_order(super().get_queryset())
            # Two queries whatever the number of rows: the count and the first rows.
            self.total_rows = queryset.count()
            capped = queryset[: self.max_rows]
            len(capped)  # evaluates once; indexing then reads the cache
            self._capped_queryset = capped
        return self._capped_queryset

    @property
    def is_capped(self) -> bool:
        self.get_queryset()
        return self.total_rows > self.max_rows


class CappedInlineMixin:
    """An inline that never shows more than `max_rows` rows, whatever the parent holds.

    Above the cap the inline shows the first `max_rows`, offers no "add another" (editing and
    adding happen on the rows' own list), and links to that list filtered by the parent:
    "all 5,000 participants of this event →". A hand-made POST with more forms than the cap
    is a formset error, not thousands of rows.
    """

    max_rows = 20

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The inline's own template (tabular, stacked, custom) inside the capped one.
        self.uncapped_template = self.template
        self.template = "admin/edit_inline/capped.html"

    def get_max_num(self, request, obj=None, **kwargs):
        configured = super().get_max_num(request, obj, **kwargs)
        return self.max_rows if configured is None else min(configured, self.max_rows)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("formset", type("CappedFormSet", (CappedInlineFormSet,), {}))
        kwargs.setdefault("validate_max", True)
        kwargs.setdefault("absolute_max", self.max_rows)
        formset = super().get_formset(request, obj, **kwargs)
        formset.max_rows = self.max_rows
        formset.all_rows_url = self._all_rows_url(request, obj, formset)
        return formset

    def _all_rows_url(self, request, obj, formset) -> str:
        """The changelist of this inline's model filtered by the parent, if the user may see
        it (else empty: the note then gives the count alone)."""
        if obj is None or obj.pk is None:
            return ""
        model_admin = self.admin_site._registry.get(self.model)
        if model_admin is None or not model_admin.has_view_permission(request):
            return ""
        opts = self.model._meta
        try:
            url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            return ""
        return f"{url}?{formset.fk.name}__id__exact={obj.pk}"
