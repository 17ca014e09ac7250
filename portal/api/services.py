"""Writes behind the API: tokens (made and revoked in the admin) and attendance check-in.

`attendance_check_in` adapts the admin's attendance service (`trainings.services.attendance_set`)
to one participant and one day, so the admin and the API (a future mobile app) share its rules.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import ApiToken, token_hash, token_key_new
from trainings.models import Attendance, Participant
from trainings.services import attendance_set
from villages.scoping import has_regional_scope


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its key. The key is shown once: only its SHA-256
    is stored. Only active staff with a regional scope get one (the API would show them
    nothing otherwise)."""
    if not (user.is_active and user.is_staff):
        raise ValidationError({"user": _("Only active staff users can have API tokens.")})
    if not has_regional_scope(user):
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

    The admin's own service does the work (`trainings.services.attendance_set`, on this one
    participant and day only): the same scope, role and date rules, history and audit record.
    Its date refusal is given the field it is about, for the API's error shape.
    """
    try:
        change = attendance_set(
            event=participant.event, user=user, marks={participant.pk: {day}}, days={day}
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({"day": error.messages}) from None
    attendance = Attendance.objects.get(participant=participant, day=day)
    return attendance, bool(change.added)
