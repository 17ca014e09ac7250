"""Export actions for the participant changelist (wired in trainings/admin.py)."""

from django.utils.translation import gettext_lazy as _

from core.admin_exports import export_action

from .exporters import ParticipantExporter

participant_export_actions = [
    export_action(ParticipantExporter, "csv"),
    export_action(ParticipantExporter, "csv-semicolon"),
    export_action(ParticipantExporter, "xlsx"),
    export_action(ParticipantExporter, "pdf", _("Attendance sheet (PDF) of the selected")),
]
