"""What this app offers the roles (collected by `portal.roles`): its models, by kind."""

from .models import (
    AgendaItem,
    Attendance,
    Certificate,
    HealthScreening,
    Participant,
    TrainingEvent,
)

REFERENCE_MODELS = ()
RECORD_MODELS = (TrainingEvent, AgendaItem, Participant, Attendance, HealthScreening, Certificate)
