from libportal.export_command import ExportCommand
from trainings.exporters import ParticipantExporter


class Command(ExportCommand):
    help = (
        "Export participants as CSV, XLSX, or PDF (the attendance sheet, daftar hadir, of the "
        "selected events). Runs as a national administrator unless --user is given."
    )
    exporter_class = ParticipantExporter
    what = "participants"
