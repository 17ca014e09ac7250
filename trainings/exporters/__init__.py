"""Participant exports: the participant list (CSV/XLSX) and the attendance sheet (PDF).

Scope and protected data, decided here for every caller (admin action, staff page, command):
rows come from `Participant.objects.in_scope(user)`; phone and e-mail only for a user with the
contacts permission; antigen results only when asked for (``--columns test_before,...``) by a
user with the health permission. The commands run as the system user (`core.system`).
"""

from .lists import (
    EXPORTERS,
    RESULT_LABELS,
    ROLE_LABELS,
    BeneficiaryExporter,
    EventDays,
    EventFilterMixin,
    ParticipantExporter,
    event_filter_clean,
)
from .sheets import (
    RECAP_TEXT,
    SHEET_ROW_HEIGHT,
    SHEET_TEXT,
    SHEET_WIDTHS,
    attendance_recap_pdf,
    attendance_sheet_pdf,
)

__all__ = [
    "ROLE_LABELS",
    "RESULT_LABELS",
    "EventDays",
    "event_filter_clean",
    "EventFilterMixin",
    "ParticipantExporter",
    "BeneficiaryExporter",
    "EXPORTERS",
    "SHEET_TEXT",
    "SHEET_WIDTHS",
    "SHEET_ROW_HEIGHT",
    "attendance_sheet_pdf",
    "RECAP_TEXT",
    "attendance_recap_pdf",
]
