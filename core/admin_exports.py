"""Admin actions that export the selected (or filtered) rows of a changelist through an exporter.

The changelist's queryset only narrows the rows: the exporter applies the user's scope and
protected-column rules itself, so an action can never show more than the user may see. The
download goes through `core.exporters.response`, which writes the audit record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .exporters import FORMATS, Exporter, ExportError, response

FORMAT_LABELS = {
    "csv": _("Export selected as CSV"),
    "csv-semicolon": _("Export selected as CSV (semicolon, Excel in Indonesian)"),
    "xlsx": _("Export selected as Excel (XLSX)"),
    "pdf": _("Export selected as PDF"),
}


def export_action(
    exporter_class: type[Exporter], fmt: str, description: Any = None
) -> Callable[..., HttpResponse | None]:
    """An admin action writing the selection with `exporter_class` in format `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(fmt)

    def action(modeladmin: admin.ModelAdmin, request, queryset) -> HttpResponse | None:
        try:
            exporter = exporter_class(
                user=request.user, queryset=queryset, language=get_language() or "id"
            )
            return response(exporter, fmt)  # audited there
        except ExportError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
            return None

    action.__name__ = (
        f"export_{exporter_class.identifier.replace('-', '_')}_{fmt.replace('-', '_')}"
    )
    return admin.action(description=description or FORMAT_LABELS[fmt], permissions=["view"])(action)
