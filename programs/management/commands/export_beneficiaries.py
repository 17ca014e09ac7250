from libportal.export_command import ExportCommand
from programs.exporters import BeneficiaryExporter


class Command(ExportCommand):
    help = (
        "Export beneficiaries (penerima manfaat) as CSV, XLSX or PDF. With --event: the "
        "beneficiaries whose people attended it. Runs as a national administrator unless --user "
        "is given."
    )
    exporter_class = BeneficiaryExporter
    what = "beneficiaries"
