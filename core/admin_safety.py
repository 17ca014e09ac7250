"""Admin behaviour every model admin of the portal shares."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


class CheckedSelectionMixin:
    """Refuse a changelist action whose selected ids are not ids.

    Django filters `pk__in` with whatever was posted, and a hand-made `_selected_action=abc`
    ends in a ValueError and a 500; here it is a message and the list again.
    """

    def response_action(self, request, queryset):
        pk_field = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk_field.to_python(value)
        except ValidationError:
            self.message_user(
                request, _("The selection is not valid: choose the rows again."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)
