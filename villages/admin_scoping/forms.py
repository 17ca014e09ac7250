"""Form pieces of the scoped admin: the versioned change form (optimistic locking) and the
autocomplete whose labels are read once per formset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

if TYPE_CHECKING:  # model_admin imports this module
    from .model_admin import ScopedModelAdmin

# The form field carrying the version of the record a change form was opened on.
VERSION_FIELD = "record_version"


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
