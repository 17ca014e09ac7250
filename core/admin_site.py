"""The portal's admin site: Django's, with the guards every admin page needs in one place.

Installed as `core.admin_site.PortalAdminConfig` in place of `django.contrib.admin`, so
`admin.site` is a `PortalAdminSite` for every app (ours and third-party ones):
- every model admin registered gets `AdminSafetyMixin` (core/admin_safety.py): unusable filters
  and ids answer "invalid filter" or 404, never 500, also on auth's and django-axes' pages;
  and each of its inlines a row cap (`CappedInlineMixin`) unless it has one already;
- every admin view answers 400 to a NUL byte in its URL or query string (no admin input holds
  one, and PostgreSQL refuses them in text);
- the autocomplete answers 403 for a field that is not a foreign key of its model (Django
  fails with a 500 on a reverse relation);
- "view on site" (`admin/r/<content type>/<id>/`) redirects only to an object the user may view
  through its model admin, which scopes it (villages/admin_scoping/); anything else is 404,
  the same answer for "unknown" and "not yours": an event's slug is data too.
"""

from __future__ import annotations

from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import BadRequest, FieldDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .admin_safety import AdminSafetyMixin, CappedInlineMixin, valid_pk


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results labelled by the record's `autocomplete_label()` where it has one
    (a village names its district, regency and province: names repeat), else its `str`."""

    def serialize_result(self, obj, to_field_name):
        label = getattr(obj, "autocomplete_label", None)
        return {
            "id": str(getattr(obj, to_field_name)),
            "text": label() if callable(label) else str(obj),
        }


def _capped(inline: type) -> type:
    """The inline with a row cap (`CappedInlineMixin`), if it has none of its own."""
    if issubclass(inline, CappedInlineMixin):
        return inline
    return type(inline.__name__, (CappedInlineMixin, inline), {"__module__": inline.__module__})


class PortalAdminConfig(AdminConfig):
    default_site = "core.admin_site.PortalAdminSite"


def _has_nul(request, kwargs) -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in str(value) for value in kwargs.values()):
        return True
    return any("\x00" in key or "\x00" in value for key, value in request.GET.items())


class PortalAdminSite(admin.AdminSite):
    site_header = _("TPBIS portal — coordinators")
    site_title = _("TPBIS portal")
    index_title = _("Program records")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        inlines = [_capped(inline) for inline in admin_class.inlines]
        if not issubclass(admin_class, AdminSafetyMixin) or inlines != list(admin_class.inlines):
            bases = (admin_class,)
            if not issubclass(admin_class, AdminSafetyMixin):
                bases = (AdminSafetyMixin, admin_class)
            admin_class = type(
                admin_class.__name__,
                bases,
                {"__module__": admin_class.__module__, "inlines": inlines},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        """Django's index, with the extra context of the project's `ADMIN_INDEX_CONTEXT` hook
        (a dotted path to `hook(*, request, app_list) -> dict`): core imports no app, so the
        coordinator's to-dos and the grouping by the work come from the site app this way."""
        hook = getattr(settings, "ADMIN_INDEX_CONTEXT", "")
        if hook:
            extra = import_string(hook)(request=request, app_list=self.get_app_list(request))
            extra_context = {**extra, **(extra_context or {})}
        return super().index(request, extra_context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if _has_nul(request, kwargs):
                raise BadRequest("NUL byte in an admin URL")
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def autocomplete_view(self, request):
        model_name, app_label = request.GET.get("model_name"), request.GET.get("app_label")
        field_name = request.GET.get("field_name", "")
        for model in self._registry:
            if (model._meta.app_label, model._meta.model_name) == (app_label, model_name):
                try:
                    field = model._meta.get_field(field_name)
                except FieldDoesNotExist as error:
                    raise PermissionDenied from error
                if not (field.is_relation and field.concrete and not field.auto_created):
                    raise PermissionDenied
                break
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        from django.urls import path

        def wrapper(*args, **kwargs):
            return self.admin_view(self.view_on_site)(*args, **kwargs)

        wrapper.admin_site = self
        own = path(
            "r/<path:content_type_id>/<path:object_id>/",
            update_wrapper(wrapper, self.view_on_site),
            name="view_on_site",
        )
        return [
            own if getattr(pattern, "name", None) == "view_on_site" else pattern
            for pattern in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """The public page of an object the user may view in the admin, else 404."""
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        ct_pk = valid_pk(ContentType, content_type_id)
        content_type = ContentType.objects.filter(pk=ct_pk).first() if ct_pk else None
        model = content_type.model_class() if content_type else None
        model_admin = self._registry.get(model) if model else None
        if model_admin is None or valid_pk(model, unquote(object_id)) is None:
            raise Http404
        obj = model_admin.get_object(request, unquote(object_id))  # its scoped queryset
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)
