from django.utils.translation import gettext_lazy

from core.export_command import ExportCommand
from portal.registry import exporter_for


class Command(ExportCommand):
    help = (
        "Export beneficiaries (penerima manfaat) as CSV, XLSX or PDF. With --event: the "
        "beneficiaries whose people attended it. Runs as the system user (national) unless "
        "--user is given."
    )
    exporter_class = exporter_for("penerima-manfaat")
    what = gettext_lazy("beneficiaries")
