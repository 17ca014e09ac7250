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
    """Register a person for an event; returns the participant and whether it is new.

    The same person (`Participant.identity_key`: the same library and the same name, whatever
    its case, accents, punctuation or spacing) is registered once: a repeat updates their
    details, keeping the name as first written, instead of adding them twice. A shared phone
    does not make two people one (families share phones).
    """
    # One registration at a time per event (as the importer does), so two never race.
    TrainingEvent.objects.select_for_update().filter(pk=event.pk).exists()
    details = {
        "gender": gender,
        "role": role,
        "phone": phone,
        "email": email,
        "is_sample": is_sample,
    }
    participant = Participant.objects.same_person(
        event_id=event.pk, library_id=library.pk, full_name=full_name
    )
    if participant is None:
        participant = Participant(event=event, library=library, full_name=full_name, **details)
        participant.save()
        return participant, True
    for name, value in details.items():
        setattr(participant, name, value)
    participant.save(update_fields=[*details, "modified"])
    return participant, False


@transaction.atomic
def participant_delete(*, participant: Participant, user: object) -> None:
    """Delete a participant with everything recorded about them, health screenings included.

    Whoever may delete the participant (in their scope) deletes the screenings too, even
    without the health permission: they belong to the person, and keeping them would keep
    health data about someone no longer on any list. Every row's history records the deletion;
    the refusal names nothing (a participant outside the scope is as unknown as a missing one).
    """
    if not Participant.objects.in_scope(user).filter(pk=participant.pk).exists():
        raise ValidationError(_("This participant cannot be deleted."))
    participant.screenings.all().delete()
    participant.delete()
