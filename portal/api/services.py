"""Writes behind the API: tokens (made and revoked in the admin) and attendance check-in.

`attendance_check_in` is the training app's rule (a participant present on a day of their
event); it lives here until `trainings/services.py` takes it, so that the admin and a future
mobile app call the same function.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import ApiToken, token_hash, token_key_new
from trainings.models import Attendance, Participant, TrainingEvent
from villages.scoping import scope_of


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its key. The key is shown once: only its SHA-256
    is stored. Only active staff with a regional scope get one (the API would show them
    nothing otherwise)."""
    if not (user.is_active and user.is_staff):
        raise ValidationError({"user": _("Only active staff users can have API tokens.")})
    if scope_of(user) is None:
        raise ValidationError(
            {"user": _("This user has no regional scope yet: give them one first.")}
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Say what the token is for.")})
    key = token_key_new()
    token = ApiToken.objects.create(user=user, name=name, key_hash=token_hash(key), prefix=key[:12])
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token: from now on it answers 401. Kept as a record of who had access."""
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token


@transaction.atomic
def attendance_check_in(
    *, user: Any, participant: Participant, day: datetime.date
) -> tuple[Attendance, bool]:
    """Record that `participant` was present on `day`; returns the attendance and whether it
    is new (checking in twice is not an error: a phone may send again after a lost answer).

    The participant must be in the user's scope and the user's role must allow adding
    attendance; the day must fall within the event's dates. History records who checked in.
    """
    if not user.has_perm("trainings.add_attendance"):
        raise PermissionDenied(_("Your role may not record attendance."))
    if not Participant.objects.in_scope(user).filter(pk=participant.pk).exists():
        raise PermissionDenied(_("This participant is not in your scope."))
    event: TrainingEvent = participant.event
    if not (event.start_date <= day <= event.end_date):
        raise ValidationError(
            {
                "day": _("The day must fall within the event's dates (%(start)s to %(end)s).")
                % {"start": event.start_date.isoformat(), "end": event.end_date.isoformat()}
            }
        )
    attendance, created = Attendance.objects.get_or_create(participant=participant, day=day)
    return attendance, created
