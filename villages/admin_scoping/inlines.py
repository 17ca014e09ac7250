"""`ScopedInlineMixin`, for inlines of scoped models."""

from __future__ import annotations

from core.admin_safety import CappedInlineMixin, stable_order

from .forms import PrefetchedAutocompleteSelect
from .rules import ScopeRulesMixin


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
