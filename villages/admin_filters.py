"""Province and regency list filters that any admin can point at its own path to a village.

The regency filter lists only the regencies of the chosen province: 514 links at once help
no one. Both list only the regions in the user's scope (issue 16): a regency coordinator sees
their province and their regency, never the 38 provinces they cannot open.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from core.admin_safety import valid_pk

from .models import Province, Regency
from .scoping import in_scope_or_none, scope_of


def province_filter(path: str) -> type[admin.SimpleListFilter]:
    """A filter on `<path>` = province code, e.g. `library__village__province`."""

    class ProvinceFilter(admin.SimpleListFilter):
        title = _("province")
        parameter_name = "province"

        def lookups(self, request, model_admin):
            return list(Province.objects.in_scope(request.user).values_list("code", "name"))

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
            regencies = Regency.objects.in_scope(request.user)
            province = request.GET.get("province")
            if province:
                regencies = regencies.filter(province_id=province)
            else:
                # Without a chosen province only a scope below national is short enough.
                scope = scope_of(request.user)
                if scope is None or scope.is_national:
                    return []
            return list(regencies.values_list("code", "name"))

        def has_output(self) -> bool:
            # Shown once a province is chosen (or a regency is already in the URL).
            return bool(self.lookup_choices) or bool(self.value())

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{path: self.value()})
            return queryset

    return RegencyFilter


def chosen_object_filter(path: str, model, title) -> type[admin.SimpleListFilter]:
    """A filter on `<path>__id__exact` = one object, e.g. "the participants of this event", the
    target of links such as "all 5,000 participants of this event →".

    It offers no list of objects (there are thousands of events): it shows the chosen one, read
    among those the user may see (else no name), and "All". A value that cannot be an id is an
    unusable filter (the list answers "?e=1"), never a 500.
    """

    class ChosenObjectFilter(admin.SimpleListFilter):
        parameter_name = f"{path}__id__exact"

        def lookups(self, request, model_admin):
            pk = valid_pk(model, self.value()) if self.value() else None
            if pk is None:
                return []
            rows = in_scope_or_none(model, request.user)
            rows = model._default_manager.all() if rows is None else rows
            obj = rows.filter(pk=pk).first()
            return [(str(pk), str(obj))] if obj is not None else []

        def has_output(self) -> bool:
            return bool(self.value())

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            pk = valid_pk(model, self.value())
            if pk is None:
                raise IncorrectLookupParameters(self.value())
            return queryset.filter(**{f"{path}__id": pk})

    ChosenObjectFilter.title = title
    return ChosenObjectFilter
