"""Writes on training events and their participants."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from villages.models import VillageLibrary

from .models import Participant, TrainingEvent


@transaction.atomic
def event_publish(*, event: TrainingEvent) -> TrainingEvent:
    """Publish a draft event: from now on its report is on the public site."""
    if event.status != TrainingEvent.Status.DRAFT:
        raise ValidationError(_("Only a draft event can be published."))
    event.status = TrainingEvent.Status.PUBLISHED
    event.save(update_fields=["status", "modified"])
    return event


@transaction.atomic
def event_unpublish(*, event: TrainingEvent) -> TrainingEvent:
    """Take a published event back to draft: its public page answers 404 again."""
    if event.status != TrainingEvent.Status.PUBLISHED:
        raise ValidationError(_("Only a published event can be taken back to draft."))
    event.status = TrainingEvent.Status.DRAFT
    event.save(update_fields=["status", "modified"])
    return event


@transaction.atomic
def participant_register(
    *,
    event: TrainingEvent,
    library: VillageLibrary,
    full_name: str,
    gender: str,
    role: str = Participant.Role.LIBRARIAN,
    phone: str = "",
    email: str = "",
    is_sample: bool = False,
) -> tuple[Participant, bool]:
    """Register a person for an event; the same name from the same library is the same person
    (a repeat updates their details instead of adding them twice)."""
    participant, created = Participant.objects.update_or_create(
        event=event,
        library=library,
        full_name=full_name,
        defaults={
            "gender": gender,
            "role": role,
            "phone": phone,
            "email": email,
            "is_sample": is_sample,
        },
    )
    return participant, created
