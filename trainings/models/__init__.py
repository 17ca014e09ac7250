"""Bimtek training events: agenda, participants, daily attendance and health screening."""

from .attendance import Attendance, AttendanceQuerySet, HealthScreening, HealthScreeningQuerySet
from .certificates import Certificate, CertificateQuerySet
from .events import AgendaItem, AgendaItemQuerySet, TrainingEvent, TrainingEventQuerySet
from .participants import Participant, ParticipantQuerySet
from .people import Gender, Person, PersonQuerySet, Role, participant_name_key, person_for

__all__ = [
    "TrainingEventQuerySet",
    "AgendaItemQuerySet",
    "TrainingEvent",
    "AgendaItem",
    "participant_name_key",
    "PersonQuerySet",
    "Gender",
    "Role",
    "Person",
    "person_for",
    "ParticipantQuerySet",
    "Participant",
    "AttendanceQuerySet",
    "HealthScreeningQuerySet",
    "Attendance",
    "HealthScreening",
    "CertificateQuerySet",
    "Certificate",
]
