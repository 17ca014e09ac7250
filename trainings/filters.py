"""The public event list's filter form: every URL parameter validated, never a 500."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.selectors import cycles_public
from villages.models import Province


class EventFilterForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), required=False, coerce=int, empty_value=None)
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"
        years = sorted({c.year for c in cycles_public()}, reverse=True)
        self.fields["cycle"].choices = [("", _("All cycles"))] + [(y, str(y)) for y in years]
        self.fields["cycle"].error_messages["invalid_choice"] = _("Unknown cycle: %(value)s.")
        self.provinces = {p.code: p for p in Province.objects.order_by("code")}
        self.fields["province"].choices = [("", _("All provinces"))] + [
            (code, p.name) for code, p in self.provinces.items()
        ]
        self.fields["province"].error_messages["invalid_choice"] = _(
            "Unknown province code: %(value)s."
        )

    def clean_province(self) -> Province | None:
        code = self.cleaned_data["province"]
        return self.provinces.get(code) if code else None

    def filters(self) -> dict:
        """The valid filters only: an invalid one is reported and ignored, never fatal."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"year": data.get("cycle"), "province": data.get("province")}
