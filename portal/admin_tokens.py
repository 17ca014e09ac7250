"""The API tokens' admin: a staff user makes and revokes their own tokens, a superuser anyone's.

A new token's key is shown once, on the page that answers the "save" (not in a message: those
may wait in a cookie); only its SHA-256 is stored. Tokens are revoked, never deleted, so the
list stays a record of who had access when.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from villages.scoping import has_regional_scope

from .api.services import api_token_create, api_token_revoke
from .models import ApiToken


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


def _may_use_tokens(user) -> bool:
    """Superusers, and active staff with a regional scope (the API would show others nothing;
    a library operator has no region)."""
    return user.is_active and user.is_staff and (user.is_superuser or has_regional_scope(user))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created", "last_used", "revoked"]
    list_filter = [("revoked", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created", "last_used", "revoked"]
    actions = ["revoke"]

    # --- who may do what: their own tokens; a superuser everyone's ---------------------------

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(user=request.user)

    def has_module_permission(self, request):
        return _may_use_tokens(request.user)

    def has_view_permission(self, request, obj=None):
        return _may_use_tokens(request.user) and (
            obj is None or request.user.is_superuser or obj.user_id == request.user.pk
        )

    def has_add_permission(self, request):
        return _may_use_tokens(request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)  # for the revoke action; fields read-only

    def has_delete_permission(self, request, obj=None):
        return False

    # --- adding: through the service, the key shown once ------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name"] if request.user.is_superuser else ["name"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_form(self, request, form, change):
        return form.save(commit=False)

    def save_model(self, request, obj, form, change):
        if change:
            return
        user = obj.user if request.user.is_superuser and obj.user_id else request.user
        token, key = api_token_create(user=user, name=obj.name)
        obj.pk, obj.key_hash, obj.prefix, obj.created = (
            token.pk,
            token.key_hash,
            token.prefix,
            token.created,
        )
        obj._state.adding = False
        request._libportal_new_api_key = key

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "_libportal_new_api_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Your new API token"),
            "token": obj,
            "key": key,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/portal/apitoken_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked__isnull=True))
        for token in tokens:
            api_token_revoke(token=token)
        self.message_user(
            request,
            ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", len(tokens))
            % {"n": len(tokens)},
        )
