"""Participants: a person's registration at an event, representing a village library."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.phones import normalise_phone, stored_phone
from villages.models import VillageLibrary
from villages.scoping import ScopedQuerySet

from .events import TrainingEvent
from .people import Gender, Person, Role, participant_name_key, person_for


class ParticipantQuerySet(ScopedQuerySet):
    """Participants belong to their library's region, whatever the event."""

    province_path = "library__province"
    regency_path = "library__regency"

    def same_person(
        self, *, event_id: int, library_id: int, full_name: str, exclude_pk: int | None = None
    ) -> "Participant | None":
        """The participant of the event who is the same person (`Participant.identity_key`),
        or None. One query over the library's people at the event (a handful)."""
        key = Participant.identity_key(full_name, library_id)
        candidates = self.filter(event_id=event_id, library_id=library_id).exclude(pk=exclude_pk)
        return next((p for p in candidates if p.identity == key), None)

    def of_published_events(self) -> "ParticipantQuerySet":
        """Participants of published events: what public counts are made of (never names)."""
        return self.filter(event__status=TrainingEvent.Status.PUBLISHED)


class Participant(TimeStampedModel):
    """A person trained at an event, representing a village library.

    Phone and e-mail are personal data (UU PDP 27/2022); NIK is deliberately not stored.
    """

    Gender = Gender
    Role = Role

    class GuestReason(models.TextChoices):
        VILLAGE_OFFICIAL = "village_official", _("village official")
        FACILITATOR = "facilitator", _("facilitator")
        AGENCY = "agency", _("government agency")
        OTHER_LIBRARY = "other_library", _("library not a beneficiary of the cycle")
        OUTSIDE_REGION = "outside_region", _("library outside the regions served")
        OTHER = "other", _("other")

    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("event"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LIBRARIAN)
    library = models.ForeignKey(
        VillageLibrary,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("village library"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("person"),
        help_text=_("Found or created from the name and the library when saved."),
    )
    position = models.CharField(
        _("position"),
        max_length=150,
        blank=True,
        help_text=_(
            "As written in the registration, e.g. “Ka. Perpusdes”; the role is read from it."
        ),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_guest = models.BooleanField(
        _("guest"),
        default=False,
        help_text=_(
            "Not one of the beneficiary libraries the event is for (a village official, a "
            "facilitator, another library): counted apart in the public report."
        ),
    )
    guest_reason = models.CharField(
        _("why a guest"), max_length=20, choices=GuestReason.choices, blank=True
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Generated for the demo; not a real person.")
    )

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical participant"))

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "library__village__code", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_name=""), name="trainings_participant_name_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(is_guest=False) | ~Q(guest_reason=""),
                name="trainings_participant_guest_has_reason",
                violation_error_message=_("Say why this participant is a guest."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def code(self) -> str:
        """The check-in code printed on the sign-in sheet and typed (or scanned) at the door."""
        return f"P{self.pk:06d}" if self.pk else ""

    @staticmethod
    def pk_from_code(text: str) -> int | None:
        """The participant id a typed or scanned code names ("P000123", "p123", "123")."""
        digits = text.strip().upper().removeprefix("P")
        return int(digits) if digits.isdigit() and len(digits) <= 12 else None

    def save(self, *args, **kwargs) -> None:
        # One stored form for a phone however it was typed (core.phones).
        self.phone = stored_phone(self.phone)
        # Every registration points to its person, however it was made (admin, API, factory):
        # the one identity rule decides who (see `person_for`).
        if self.person_id is None and self.library_id and self.full_name:
            self.person = person_for(
                full_name=self.full_name,
                library_id=self.library_id,
                gender=self.gender,
                role=self.role,
                position=self.position,
                is_sample=self.is_sample,
            )
        super().save(*args, **kwargs)

    # --- identity: "the same person" --------------------------------------------------------
    # One rule for the admin (clean), the services (participant_register) and the importer:
    # within an event, the same library and the same name once case, accents, punctuation and
    # spacing are ignored. A phone is not an identity: families share one.

    @staticmethod
    def identity_key(full_name: str, library_id: int | None) -> tuple[str, int | None]:
        """Who a registration is, within one event (see `participant_name_key`)."""
        return participant_name_key(full_name), library_id

    @property
    def identity(self) -> tuple[str, int | None]:
        return self.identity_key(self.full_name, self.library_id)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that clean() looks for a namesake only when the identity changes.
        if {"event_id", "full_name", "library_id"} <= set(field_names):
            instance._stored_identity = (instance.event_id, instance.identity)
        return instance

    def clean(self) -> None:
        super().clean()
        if self.phone and normalise_phone(self.phone) is None:
            raise ValidationError(
                {"phone": _("Not a phone number we can read: write it like 0812 3456 7890.")}
            )
        if self.is_guest and not self.guest_reason:
            raise ValidationError({"guest_reason": _("Say why this participant is a guest.")})
        if not (self.event_id and self.library_id and self.full_name):
            return
        if getattr(self, "_stored_identity", None) == (self.event_id, self.identity):
            return  # unchanged: no query for every untouched row of an inline formset
        self._check_participation()
        if Participant.objects.same_person(
            event_id=self.event_id,
            library_id=self.library_id,
            full_name=self.full_name,
            exclude_pk=self.pk,
        ):
            raise ValidationError(
                {
                    "full_name": _(
                        "This person (the same name from the same library) is already "
                        "registered for this event."
                    )
                }
            )

    def _check_participation(self) -> None:
        """Honest participation (trainings.participation): someone the event is not for (not a
        beneficiary of its cycle, or outside the regions it serves) is accepted only as a
        guest with a reason, so that public counts never pass them off as beneficiaries."""
        if self.is_guest:
            return
        from trainings.participation import participant_guest_reason

        reason = participant_guest_reason(event=self.event, library=self.library)
        if reason is not None:
            raise ValidationError(
                {
                    "is_guest": _(
                        "%(library)s: %(reason)s. Tick “guest” and say why (e.g. a village "
                        "official or a facilitator), or choose the right library."
                    )
                    % {"library": self.library, "reason": Participant.GuestReason(reason).label}
                }
            )
