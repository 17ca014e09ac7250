"""The upload form of the import pages: the event, the file (read and checked here, so a bad
file is a form error) and the options."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy

from core.tabular import Table, TableError, check_size, setting

from ..models import TrainingEvent
from .source import read_participant_table


class ImportForm(forms.Form):
    event = forms.ModelChoiceField(
        queryset=TrainingEvent.objects.none(), label=gettext_lazy("Event")
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel workbook (.xlsx) or CSV, up to %(limit)s."),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet"),
        required=False,
        max_length=31,
        help_text=gettext_lazy("For a workbook: the sheet to read. Empty: the first sheet."),
    )
    create_libraries = forms.BooleanField(
        label=gettext_lazy("Create missing libraries"),
        required=False,
        help_text=gettext_lazy(
            "A village that has no library yet gets one. Otherwise its rows are errors."
        ),
    )
    strict = forms.BooleanField(
        label=gettext_lazy("All or nothing"),
        required=False,
        help_text=gettext_lazy("Write nothing if any row has an error."),
    )

    def __init__(self, *args, user, event: TrainingEvent | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = TrainingEvent.objects.in_scope(user).order_by(
            "-start_date", "title"
        )
        if event is not None:
            self.fields["event"].initial = event.pk
            self.fields["event"].widget = forms.HiddenInput()
            self.fields["event"].disabled = True  # the event of the page, whatever is posted
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "limit": filesizeformat(setting("IMPORT_MAX_BYTES"))
        }
        self.data_bytes: bytes = b""
        self.table: Table | None = None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            check_size(upload.size)
            data = upload.read()
            table = read_participant_table(
                data, filename=upload.name, sheet=cleaned.get("sheet") or None
            )
        except TableError as exc:
            raise forms.ValidationError({"file": exc.message}) from None
        self.data_bytes, self.table = data, table
        return cleaned
