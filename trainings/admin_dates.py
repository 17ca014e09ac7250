"""Plain date and time inputs for the trainings admin (issue 16).

The admin's own date widget is a text box with a calendar that opens on today's month (50
months back to reach a 2022 event) and, for a browser in another time zone than the server
(WITA in Bali), a "Your time is 1 hour ahead of server time" note under every *date*, although
a date has no time zone. The browser's date input shows the date in the user's format (dd/mm/yyyy
in an Indonesian browser), opens on the field's date (or within `min`/`max`, which the agenda and
attendance rows set to the event's days), and carries no time-zone note. Times are typed and
shown as `08:00`, never `08.00.00`.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

DATE_HINT = _("Format dd/mm/yyyy.")


class PlainDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # ISO is what a date input sends and expects; Django always accepts ISO dates too.
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", **(attrs or {})}, format="%Y-%m-%d")


class PlainTimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "hh:mm", **(attrs or {})}, format="%H:%M")


PLAIN_DATE_TIME = {
    models.DateField: {"widget": PlainDateInput},
    models.TimeField: {"widget": PlainTimeInput},
}


def with_date_hint(help_text: str) -> str:
    return f"{help_text} {DATE_HINT}" if help_text else str(DATE_HINT)


class PlainDatesMixin:
    """For a ModelAdmin or inline: plain date/time inputs and the format hint on dates.
    `date_bounds(obj)` may give (min, max) for the date inputs (an event's days)."""

    formfield_overrides = PLAIN_DATE_TIME

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            isinstance(db_field, models.DateField)
            and not isinstance(db_field, models.DateTimeField)
            and field is not None
        ):
            field.help_text = with_date_hint(field.help_text)
        return field


def bound_dates(formset_or_form, first: datetime.date, last: datetime.date) -> None:
    """Set min/max of every date input of a form or formset (the picker opens in range)."""
    forms_ = getattr(formset_or_form, "forms", None)
    targets = [*forms_, formset_or_form.empty_form] if forms_ is not None else [formset_or_form]
    for form in targets:
        for field in form.fields.values():
            if isinstance(field.widget, PlainDateInput):
                field.widget.attrs.update(min=first.isoformat(), max=last.isoformat())
