"""The paperwork for a user: scope, issuing and rendering in one place, so the staff downloads,
the admin and the `make_*` commands give the same documents to the same user.

Scope: the event must be in the user's scope; only participants (and their certificates and
libraries) in the user's scope are printed. Certificates missing for participants who meet
the threshold are issued first when the user may change the event (`services.can_issue`);
otherwise only certificates already issued are given.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from trainings.models import Certificate, Participant, TrainingEvent
from trainings.models.certificates import normalise_code

from .badges import badges_pdf
from .invitations import invitations_pdf, invited_by_regency
from .services import can_issue, certificates_issue

normalise = normalise_code


def participants_of(*, event: TrainingEvent, user: Any) -> QuerySet[Participant]:
    return Participant.objects.in_scope(user).filter(event=event)


def certificates_for(*, event: TrainingEvent, user: Any) -> QuerySet[Certificate]:
    """The event's valid certificates the user may have, issuing missing ones if they may."""
    if can_issue(user=user, event=event):
        certificates_issue(
            event=event, user=user, participants=participants_of(event=event, user=user)
        )
    return Certificate.objects.in_scope(user).filter(event=event).valid().for_documents()


def participant_for(*, user: Any, pk: int) -> Participant:
    return get_object_or_404(Participant.objects.in_scope(user).select_related("event"), pk=pk)


def certificate_of(*, participant: Participant, user: Any) -> Certificate | None:
    """The participant's valid certificate, issued now if they qualify and the user may."""
    event = participant.event
    if can_issue(user=user, event=event):
        certificates_issue(
            event=event,
            user=user,
            participants=Participant.objects.filter(pk=participant.pk),
        )
    return (
        Certificate.objects.in_scope(user)
        .valid()
        .for_documents()
        .filter(participant=participant)
        .first()
    )


def badges_for(*, event: TrainingEvent, user: Any, language: str) -> tuple[bytes, int]:
    participants = (
        participants_of(event=event, user=user)
        .select_related("library__regency")
        .only(
            "pk",
            "full_name",
            "position",
            "role",
            "is_guest",
            "library__name",
            "library__regency__name",
        )
        .order_by("library__regency_id", "library__name", "full_name", "pk")
    )
    return badges_pdf(event, participants.iterator(chunk_size=500), language=language)


def invitations_for(
    *, event: TrainingEvent, user: Any, regency: str | None, language: str
) -> tuple[bytes, int]:
    return invitations_pdf(
        event, invited_by_regency(event, user=user, regency=regency), language=language
    )
