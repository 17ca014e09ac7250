"""The operator's monthly report form: the figures, notes, a photo, and the month's activities
as a formset (a button adds a row without JavaScript). Forms only check the shape of the input;
the rules (month, status, scope, non-negative counts) are the services'."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.documents import sniff, validate_document

from .models import MonthlyReport, ReportActivity
from .services import FIGURES


def _count_field(name: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=capfirst(MonthlyReport._meta.get_field(name).verbose_name),
        min_value=0,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


class ReportForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=_("Photo of an activity"),
        required=False,
        help_text=_("JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    photo_caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    photo_public = forms.BooleanField(
        label=_("May be shown on the library's public page"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIGURES:
            self.fields[name] = _count_field(name)
        self.order_fields([*FIGURES, "notes", "photo", "photo_caption", "photo_public"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        pairs = [FIGURES[i : i + 2] for i in range(0, len(FIGURES), 2)]
        self.helper.layout = Layout(
            *[Row(*[Column(name, css_class="col-6") for name in pair]) for pair in pairs],
            "notes",
            "photo",
            "photo_caption",
            "photo_public",
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        validate_document(photo)  # judged by its first bytes, not its name
        photo.seek(0)
        if sniff(photo.read(16)) not in ("jpeg", "png"):
            raise ValidationError(_("A photo must be a JPEG or PNG image."))
        photo.seek(0)
        return photo

    def figures(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) or 0 for name in FIGURES}


class ActivityForm(forms.Form):
    # ISO dates: what a browser's date input reads and sends whatever the page's language.
    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    # "other" preselected, so an empty extra row sent back unchanged stays empty.
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ReportActivity.Kind.choices, initial=ReportActivity.Kind.OTHER
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    participants_women = forms.IntegerField(
        label=_("Participants (women)"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    participants_men = forms.IntegerField(
        label=_("Participants (men)"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    partners = forms.CharField(label=_("Partners"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("date", css_class="col-6"), Column("kind", css_class="col-6")),
            "title",
            Row(
                Column("participants_women", css_class="col-6"),
                Column("participants_men", css_class="col-6"),
            ),
            "partners",
            "DELETE",
        )


ActivityFormSet = forms.formset_factory(ActivityForm, extra=1, can_delete=True, max_num=60)
