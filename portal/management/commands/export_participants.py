from django.utils.translation import gettext_lazy

from core.export_command import ExportCommand
from portal.registry import exporter_for


class Command(ExportCommand):
    help = (
        "Export participants as CSV, XLSX or the attendance sheet (PDF). Runs as the system user "
        "(national) unless --user is given."
    )
    exporter_class = exporter_for("peserta")
    what = gettext_lazy("participants")
