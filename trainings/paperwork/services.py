"""Issuing and revoking certificates, and who gets one (the event's attendance threshold).

One rule for the admin, the staff downloads and `make_certificates`: a participant earns a
certificate by attending at least `TrainingEvent.certificate_days_required` days of the event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.audit import audit_bulk
from trainings.models import Certificate, Participant, TrainingEvent

ISSUE = "certificates_issue"
REVOKE = "certificate_revoke"


def participants_meeting_threshold(
    event: TrainingEvent, participants: QuerySet[Participant] | None = None
) -> QuerySet[Participant]:
    """The event's participants (of `participants`, e.g. those in a user's scope) who attended
    enough days for a certificate. Days outside the event's dates never count."""
    base = participants if participants is not None else Participant.objects.all()
    return (
        base.filter(event=event)
        .annotate(
            days_attended=Count(
                "attendance",
                filter=Q(attendance__day__range=(event.start_date, event.end_date)),
                distinct=True,
            )
        )
        .filter(days_attended__gte=event.certificate_days_required)
    )


def can_issue(*, user: Any, event: TrainingEvent) -> bool:
    """Issuing writes numbers into the event's series: only who may change the event."""
    return user.has_perm("trainings.add_certificate") and event.is_changeable_by(user)


@transaction.atomic
def certificates_issue(
    *, event: TrainingEvent, user: Any, participants: QuerySet[Participant] | None = None
) -> list[Certificate]:
    """Give every participant (of `participants`) who meets the threshold and has no valid
    certificate yet the next number of the event's series. Idempotent; one audit record.

    The event row is locked while numbering, so two runs at once never share a number.
    """
    if not can_issue(user=user, event=event):
        raise PermissionDenied(_("You may not issue certificates for this event."))
    TrainingEvent.objects.select_for_update().filter(pk=event.pk).first()
    have = Certificate.objects.filter(event=event, revoked_at__isnull=True).values("participant_id")
    missing = list(
        participants_meeting_threshold(event, participants)
        .exclude(pk__in=have)
        .order_by("library__regency_id", "library__village_id", "full_name", "pk")
        .values_list("pk", flat=True)
    )
    if not missing:
        return []
    last = Certificate.objects.filter(event=event).aggregate(m=Max("sequence"))["m"] or 0
    now = timezone.now()
    issued_by = user if getattr(user, "is_authenticated", False) else None
    rows = [
        Certificate(
            event=event,
            participant_id=pk,
            sequence=last + i,
            number=event.certificate_number(last + i),
            issued_at=now,
            issued_by=issued_by,
        )
        for i, pk in enumerate(missing, start=1)
    ]
    created = bulk_create_with_history(rows, Certificate, batch_size=500, default_user=issued_by)
    # bulk_create returns primary keys on PostgreSQL and SQLite alike.
    pks = [c.pk for c in created]
    audit_bulk(
        user=user,
        action=ISSUE,
        model=Certificate,
        pks=pks,
        detail={"event": event.slug, "count": len(pks)},
    )
    return created


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, user: Any) -> Certificate:
    """Revoke a certificate for a stated reason: the public page then says "revoked". The
    change is in the certificate's history and one audit record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    if not user.has_perm("trainings.change_certificate") or not certificate.event.is_changeable_by(
        user
    ):
        raise PermissionDenied(_("You may not revoke certificates of this event."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(
            _("Certificate %(number)s is already revoked.") % {"number": certificate.number}
        )
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = user if getattr(user, "is_authenticated", False) else None
    certificate.revoked_reason = reason
    certificate._change_reason = "revoked"
    certificate.save()
    audit_bulk(
        user=user,
        action=REVOKE,
        model=Certificate,
        pks=[certificate.pk],
        detail={"event": certificate.event.slug, "number": certificate.number},
    )
    return certificate
