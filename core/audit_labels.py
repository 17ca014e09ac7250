"""What each audit action code means, in the reader's language.

Audit records store a short code (`AuditEvent.action`: "import", "beneficiary_verify"), stable
for queries and for other tools; people read these labels instead (the audit admin's list,
filter and record page). A code without a label is shown as stored, so a new action is never
hidden — add its label here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "import": _("import"),
    "export": _("export"),
    "delete": _("delete"),
    "attendance": _("attendance recorded"),
    "clone": _("event copied"),
    "delivery_record": _("aid delivery recorded"),
    "propose": _("beneficiary proposed"),
    "beneficiary_propose": _("beneficiary proposed"),
    "beneficiary_verify": _("beneficiaries verified"),
    "beneficiary_select": _("beneficiaries selected"),
    "beneficiary_activate": _("beneficiaries activated"),
    "beneficiary_complete": _("beneficiaries completed"),
    "beneficiary_withdraw": _("beneficiaries withdrawn"),
    "report_approve": _("report approved"),
    "report_reopen": _("report reopened"),
    "shred": _("expired personal data removed"),
    "subject_search": _("personal data searched"),
    "subject_export": _("personal data exported"),
    "subject_correct": _("personal data corrected"),
    "subject_erase": _("personal data erased"),
    "certificates_issue": _("certificates issued"),
    "certificate_revoke": _("certificate revoked"),
    "api_read": _("read through the API"),
}


def action_label(code: str) -> str:
    """The label of an audit action code (the code itself when it has none)."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
