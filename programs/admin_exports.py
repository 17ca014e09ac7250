"""Export actions for the beneficiary changelist (wired in programs/admin.py)."""

from core.admin_exports import export_action

from .exporters import BeneficiaryExporter

beneficiary_export_actions = [
    export_action(BeneficiaryExporter, "csv"),
    export_action(BeneficiaryExporter, "csv-semicolon"),
    export_action(BeneficiaryExporter, "xlsx"),
    export_action(BeneficiaryExporter, "pdf"),
]
