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

from .forms import VERSION_FIELD, PrefetchedAutocompleteSelect, VersionedFormMixin
from .inlines import ScopedInlineMixin
from .model_admin import DELETE_LIST_CAP, ScopedModelAdmin
from .rules import (
    CONTACT_FIELD_NAMES,
    CONTACTS_HIDDEN,
    HealthDataMixin,
    ScopeRulesMixin,
    is_health_model,
)

__all__ = [
    "CONTACTS_HIDDEN",
    "CONTACT_FIELD_NAMES",
    "HealthDataMixin",
    "is_health_model",
    "ScopeRulesMixin",
    "VERSION_FIELD",
    "VersionedFormMixin",
    "PrefetchedAutocompleteSelect",
    "DELETE_LIST_CAP",
    "ScopedModelAdmin",
    "ScopedInlineMixin",
]
