"""Honest participation in an import: a row whose library is not a beneficiary of the event's
cycle, or lies outside the regions the event serves, is imported as a guest with the reason,
and the preview says so (a warning, not a row error). See `trainings.participation`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Participant
from ..participation import beneficiary_library_ids, event_areas, guest_reason_for
from .report import ERROR, ImportReport

#: A guest's role says better why they came than "not a beneficiary".
_ROLE_REASONS = {
    Participant.Role.VILLAGE_OFFICIAL: Participant.GuestReason.VILLAGE_OFFICIAL,
    Participant.Role.FACILITATOR: Participant.GuestReason.FACILITATOR,
}


def check_participation(report: ImportReport) -> None:
    """Mark each located row that the event is not for as a guest, with a warning. Two queries."""
    event = report.event
    rows = [r for r in report.rows if r.outcome != ERROR and r.village_code]
    areas = event_areas(event)
    beneficiaries = beneficiary_library_ids(event, (r.library_id for r in rows if r.library_id))
    for planned in rows:
        reason = guest_reason_for(
            village_code=planned.village_code,
            is_beneficiary=planned.library_id in beneficiaries,
            areas=areas,
        )
        if reason is None:
            continue
        planned.is_guest = True
        planned.guest_reason = _ROLE_REASONS.get(planned.role, reason)
        planned.note(
            _("%(village)s: %(reason)s; imported as a guest (counted apart).")
            % {
                "village": planned.village_name or planned.village_code,
                "reason": Participant.GuestReason(reason).label,
            }
        )
