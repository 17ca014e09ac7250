"""Province and regency list filters that any admin can point at its own path to a village.

The regency filter lists only the regencies of the chosen province: 514 links at once help
no one.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Province, Regency


def province_filter(path: str) -> type[admin.SimpleListFilter]:
    """A filter on `<path>` = province code, e.g. `library__village__province`."""

    class ProvinceFilter(admin.SimpleListFilter):
        title = _("province")
        parameter_name = "province"

        def lookups(self, request, model_admin):
            return list(Province.objects.values_list("code", "name"))

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{path: self.value()})
            return queryset

    return ProvinceFilter


def regency_filter(path: str) -> type[admin.SimpleListFilter]:
    """A filter on `<path>` = regency code, listing the chosen province's regencies."""

    class RegencyFilter(admin.SimpleListFilter):
        title = _("regency/city")
        parameter_name = "regency"

        def lookups(self, request, model_admin):
            province = request.GET.get("province")
            if not province:
                return []
            return list(Regency.objects.filter(province_id=province).values_list("code", "name"))

        def has_output(self) -> bool:
            # Shown once a province is chosen (or a regency is already in the URL).
            return bool(self.lookup_choices) or bool(self.value())

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{path: self.value()})
            return queryset

    return RegencyFilter
