"""The personal data the trainings keep, how long, and how a person's request reaches it
(UU PDP No. 27/2022; collected by `portal.privacy`, run by `portal.privacy_services`).

- **Health screenings** (antigen results: *specific* personal data) serve one purpose, admitting
  people to an event safely; they go a few months after the event's end.
- **Participants' phone numbers and e-mail addresses** serve reaching the people trained (the
  follow-up, the next training, monitoring and evaluation); they are blanked some years after the
  person's last event. The same person is `Participant.identity_key` (the same normalised name
  from the same library), the rule the admin and the importer use.
- **Names** stay: the attendance sheet (daftar hadir) is the accountability record (SPJ) of the
  money spent, and the public participant counts are made of these rows.

History rows (django-simple-history) hold the same values: every rule here removes them there
too, for live records and for records only the history still knows (deleted ones).
"""

from .retention import (
    ERASED,
    RETENTION_KINDS,
    HistoricalAttendance,
    HistoricalEvent,
    HistoricalParticipant,
    HistoricalScreening,
    contacts_count,
    contacts_shred,
    screenings_count,
    screenings_shred,
)
from .subjects import SUBJECT_SOURCES, AgendaSpeakerSource, ParticipantSource

__all__ = [
    "HistoricalEvent",
    "HistoricalParticipant",
    "HistoricalScreening",
    "HistoricalAttendance",
    "ERASED",
    "screenings_count",
    "screenings_shred",
    "contacts_count",
    "contacts_shred",
    "RETENTION_KINDS",
    "ParticipantSource",
    "AgendaSpeakerSource",
    "SUBJECT_SOURCES",
]
