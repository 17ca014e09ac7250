"""The public beneficiary list's filter form: every URL parameter validated, never a 500."""

from django import forms
from django.utils.translation import gettext_lazy as _

from villages.models import Province

from .selectors import cycles_public, regencies_with_beneficiaries

SEARCH_MAX_LENGTH = 100


class CycleProvinceFilterForm(forms.Form):
    """Cycle and province filters of the public lists, with Bootstrap classes and clear
    messages for unknown values."""

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

    def valid_data(self) -> dict:
        """The valid filters only: an invalid one is reported and ignored, never fatal."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})


class BeneficiaryFilterForm(CycleProvinceFilterForm):
    regency = forms.ChoiceField(label=_("Regency/city"), required=False)
    q = forms.CharField(
        label=_("Library or village name"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": _("The search is too long: at most %(limit_value)d characters.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regencies = {r.code: r for r in regencies_with_beneficiaries()}
        grouped: dict[str, list[tuple[str, str]]] = {}
        for code, regency in self.regencies.items():
            grouped.setdefault(regency.province.name, []).append((code, regency.name))
        self.fields["regency"].choices = [("", _("All regencies/cities")), *grouped.items()]
        self.fields["regency"].error_messages["invalid_choice"] = _(
            "Unknown regency code, or no beneficiaries there: %(value)s."
        )

    def clean_regency(self):
        code = self.cleaned_data["regency"]
        return self.regencies.get(code) if code else None

    def clean(self):
        cleaned = super().clean()
        province, regency = cleaned.get("province"), cleaned.get("regency")
        if province and regency and regency.province_id != province.code:
            self.add_error(
                "regency",
                _("%(regency)s is not in %(province)s.")
                % {"regency": regency.name, "province": province.name},
            )
        return cleaned

    def filters(self) -> dict:
        data = self.valid_data()
        return {
            "year": data.get("cycle"),
            "province": data.get("province"),
            "regency": data.get("regency") if "regency" not in self.errors else None,
            "search": data.get("q") or "",
        }
