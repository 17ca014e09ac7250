"""Which rows are people already registered (or repeated in the file), by the one identity rule
`Participant.identity_key`: the same name (case, accents, punctuation, spacing ignored) from the
same library. A shared phone never makes two people one (families share phones); it is at most
noted on the row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from villages.scoping import can_see_contacts

from ..models import Participant
from .report import DUPLICATE, ERROR, NEW, UPDATE, ImportReport, PlannedRow

UPDATABLE = ("gender", "role", "phone", "email")
CONTACTS = ("phone", "email")


@dataclass(slots=True)
class Registered:
    """A participant already registered for the event, as the importer compares it."""

    id: int
    full_name: str
    library_id: int
    phone: str
    email: str
    gender: str
    role: str
    visible: bool  # in the importing user's region: may be named to them


class _Registrations:
    """The event's participants, loaded in two queries."""

    def __init__(self, report: ImportReport, user: Any) -> None:
        event = report.event
        visible = set(
            Participant.objects.in_scope(user).filter(event=event).values_list("id", flat=True)
        )
        fields = ("id", "full_name", "library_id", "phone", "email", "gender", "role")
        self.by_identity: dict[tuple[str, int | None], Registered] = {}
        self.by_phone: dict[str, Registered] = {}
        # Matching a row's phone against stored ones would tell whether a number is
        # registered: only for participants the user may see, and only with the contacts
        # permission. Without it the file's phone and e-mail never overwrite stored ones either
        # (UU PDP 27/2022).
        self.contacts = can_see_contacts(user)
        for values in Participant.objects.filter(event=event).values_list(*fields):
            record = Registered(*values, visible=values[0] in visible)
            key = Participant.identity_key(record.full_name, record.library_id)
            self.by_identity.setdefault(key, record)
            if self.contacts and record.visible and record.phone:
                self.by_phone.setdefault(record.phone, record)

    @property
    def updatable(self) -> tuple[str, ...]:
        return UPDATABLE if self.contacts else tuple(f for f in UPDATABLE if f not in CONTACTS)

    @staticmethod
    def who(record: Registered) -> str:
        """A participant from another region is named only to those who may see them."""
        return record.full_name if record.visible else _("a participant from another region")


def check_duplicates(report: ImportReport, *, user: Any) -> None:
    """Settle each located row: new, an update of a registered person, or a duplicate."""
    registered = _Registrations(report, user)
    seen: dict[tuple[str, str], int] = {}
    seen_phone: dict[str, int] = {}
    for planned in report.rows:
        if planned.outcome == ERROR:
            continue
        identity = planned.identity
        if identity in seen:
            planned.outcome = DUPLICATE
            planned.note(
                _("repeats row %(row)d (same name and library); not imported twice.")
                % {"row": seen[identity]}
            )
            continue
        seen[identity] = planned.number
        match = None
        if planned.library_id is not None:
            key = Participant.identity_key(planned.full_name, planned.library_id)
            match = registered.by_identity.get(key)
        _settle(planned, match, registered.updatable)
        _note_shared_phone(planned, match, registered, seen_phone)


def _settle(planned: PlannedRow, match: Registered | None, updatable: tuple[str, ...]) -> None:
    if match is None:
        planned.outcome = NEW
        return
    planned.participant_id = match.id
    for field_name in updatable:
        new = getattr(planned, field_name)
        if not new or (field_name == "role" and not planned.role_given):
            continue  # an empty cell keeps what is there
        old = getattr(match, field_name)
        if new != old:
            planned.changes[field_name] = (old, new)
    if planned.changes:
        planned.outcome = UPDATE
        planned.note(
            _("already registered; will update: %(fields)s.")
            % {
                "fields": ", ".join(
                    str(Participant._meta.get_field(f).verbose_name) for f in planned.changes
                )
            }
        )
    else:
        planned.outcome = DUPLICATE
        planned.note(
            _("already registered for this event with the same details; nothing to change.")
        )


def _note_shared_phone(
    planned: PlannedRow,
    match: Registered | None,
    registered: _Registrations,
    seen_phone: dict[str, int],
) -> None:
    """A warning only: the row is still imported (issue 11: a family shares one phone)."""
    phone = planned.phone
    if not phone:
        return
    if phone in seen_phone:
        planned.note(
            _("has the same phone as row %(row)d (a shared phone, e.g. a family's).")
            % {"row": seen_phone[phone]}
        )
    else:
        seen_phone[phone] = planned.number
    owner = registered.by_phone.get(phone)
    if owner is not None and (match is None or owner.id != match.id):
        planned.note(
            _(
                "%(name)s, registered for this event, has the same phone (a shared phone, e.g. a "
                "family's)."
            )
            % {"name": registered.who(owner)}
        )
