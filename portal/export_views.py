"""The staff export page: participants or beneficiaries, filtered, in the chosen format.

The view holds no rules: the form checks the input, the exporter applies scope, protected
columns and formula escaping (the same exporter as the admin action and the commands).
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.exporters import FORMATS, Exporter, ExportError
from programs.models import ProgramCycle
from villages.models import Province, Regency
from villages.scoping import can_see_contacts, can_see_health

from .registry import exporter_for

# The form's list choice -> the exporter's identifier.
EXPORTERS: dict[str, str] = {"participants": "peserta", "beneficiaries": "penerima-manfaat"}


class ExportForm(forms.Form):
    """What to export. Choices are limited to what the user may see."""

    kind = forms.ChoiceField(
        label=_("List"),
        choices=[("participants", _("Participants")), ("beneficiaries", _("Beneficiaries"))],
    )
    event = forms.SlugField(
        label=_("Event (its code)"),
        required=False,
        help_text=_("e.g. bimtek-strategi-pengembangan-tik-bali-2021; empty for every event."),
    )
    cycle = forms.TypedChoiceField(label=_("Cycle"), required=False, coerce=int, empty_value=None)
    province = forms.ChoiceField(label=_("Province"), required=False)
    regency = forms.ChoiceField(label=_("Regency/city"), required=False)
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every column you may see (health results only when ticked)."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(f.key, f.label) for f in FORMATS.values()],
        help_text=_("The PDF of participants is the attendance sheet (daftar hadir)."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        years = ProgramCycle.objects.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["cycle"].choices = [("", _("every cycle"))] + [(y, y) for y in years]
        self.fields["province"].choices = [("", _("every province in your scope"))] + list(
            Province.objects.in_scope(user).values_list("code", "name")
        )
        self.fields["regency"].choices = [("", _("every regency/city in your scope"))] + list(
            Regency.objects.in_scope(user).order_by("code").values_list("code", "name")
        )
        # Columns offered: those the user may export in either list (the exporter checks again).
        personal, health = can_see_contacts(user), can_see_health(user)
        seen: dict[str, str] = {}
        for exporter_class in map(exporter_for, EXPORTERS.values()):
            for column in exporter_class.columns:
                if (not column.personal or personal) and (not column.health or health):
                    seen.setdefault(column.key, str(column.header))
        self.fields["columns"].choices = list(seen.items())
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("export", _("Export")))

    def exporter(self) -> Exporter:
        """The exporter for the cleaned data; ExportError becomes a form error."""
        data = self.cleaned_data
        exporter_class = exporter_for(EXPORTERS[data["kind"]])
        keys = {c.key for c in exporter_class.columns}
        columns = [c for c in data["columns"] if c in keys] or None
        try:
            return exporter_class(
                user=self.user,
                filters={
                    "event": data.get("event") or None,
                    "cycle": data.get("cycle"),
                    "province": data.get("province") or None,
                    "regency": data.get("regency") or None,
                },
                columns=columns,
                language=get_language() or "id",
            )
        except ExportError as error:
            raise forms.ValidationError(str(error)) from None


@login_required(login_url="admin:login")
def export_page(request: HttpRequest) -> HttpResponse:
    """Staff only: the form, or (when submitted and valid) the file."""
    if not request.user.is_staff:
        raise PermissionDenied
    form = ExportForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            exporter = form.exporter()
            return exporter.response(form.cleaned_data["format"])
        except forms.ValidationError as error:
            form.add_error(None, error)
        except ExportError as error:
            form.add_error(None, str(error))
    return render(
        request, "portal/export_page.html", {"form": form}, status=400 if form.errors else 200
    )
