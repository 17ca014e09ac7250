"""Bimtek training events: agenda, participants, daily attendance and health screening."""

import datetime
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from programs.models import Institution, Official, ProgramCycle
from villages.models import Province, Regency, VillageLibrary
from villages.scoping import (
    PROVINCE,
    Scope,
    ScopedQuerySet,
    can_see_health,
    prefix_q,
    scope_of,
)


class TrainingEventQuerySet(ScopedQuerySet):
    """The one rule: a coordinator sees an event *held* in their region or *serving* it.

    Held: a province coordinator sees the province's events; a regency coordinator sees their
    regency's events and the province-wide ones (regency empty) of their province. Serving: an
    event (a national Bimtek in Jakarta, say) that lists the coordinator's province, or (for a
    regency coordinator) their regency or its province, among the regions it serves. Either
    way the participants they see are only their own region's (participants are scoped by
    their library, see villages.scoping), and they change the event itself only when it is
    theirs (`TrainingEvent.is_changeable_by`).
    """

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # Subqueries, not joins through the M2M tables: a join would repeat an event once per
        # region it serves.
        served_provinces = TrainingEvent.served_provinces.through.objects
        served_regencies = TrainingEvent.served_regencies.through.objects
        if scope.level == PROVINCE:
            held = Q(province=scope.code)
            serving = Q(
                pk__in=served_provinces.filter(province_id=scope.code).values("trainingevent_id")
            ) | Q(
                pk__in=served_regencies.filter(regency__province_id=scope.code).values(
                    "trainingevent_id"
                )
            )
            return held | serving
        held = Q(province=scope.province_code) & (Q(regency=scope.code) | Q(regency__isnull=True))
        serving = Q(
            pk__in=served_provinces.filter(province_id=scope.province_code).values(
                "trainingevent_id"
            )
        ) | Q(pk__in=served_regencies.filter(regency_id=scope.code).values("trainingevent_id"))
        return held | serving

    def published(self) -> "TrainingEventQuerySet":
        """Events the public may see (drafts never leave the admin)."""
        return self.filter(status=TrainingEvent.Status.PUBLISHED)

    def without_attendance(self, *, today: datetime.date) -> "TrainingEventQuerySet":
        """Events that have begun by `today` with no attendance recorded yet: a coordinator's
        to-do (the admin dashboard) and the event list's "attendance" filter, one rule."""
        recorded = Attendance.objects.filter(participant__event=OuterRef("pk"))
        return self.filter(start_date__lte=today).exclude(Exists(recorded))


class AgendaItemQuerySet(ScopedQuerySet):
    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return prefix_q(TrainingEventQuerySet.scope_q(scope), "event")


def participant_name_key(full_name: str) -> str:
    """What two spellings of one person's name share: case, accents, punctuation and spacing
    are ignored ("I GUSTI NGURAH OKA", "I Gusti Ngurah  Oka", "i gusti ngurah oka.")."""
    text = unicodedata.normalize("NFKD", full_name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


class PersonQuerySet(ScopedQuerySet):
    """People belong to their library's region. A person with no library (an outside speaker)
    is seen by national staff only: fail closed."""

    province_path = "library__province"
    regency_path = "library__regency"


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


class AttendanceQuerySet(ScopedQuerySet):
    province_path = "participant__library__province"
    regency_path = "participant__library__regency"


class HealthScreeningQuerySet(ScopedQuerySet):
    province_path = "participant__library__province"
    regency_path = "participant__library__regency"

    def in_scope(self, user):
        """Also empty without the health permission: health data (UU PDP 27/2022)."""
        if not can_see_health(user):
            return self.none()
        return super().in_scope(user)


class TrainingEvent(TimeStampedModel):
    """A Bimtek (bimbingan teknis): a multi-day training for the people who run the libraries."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Kind(models.TextChoices):
        SOSIALISASI = "sosialisasi", _("sosialisasi (socialisation)")
        BIMTEK = "bimtek", _("Bimtek (technical guidance)")
        STAKEHOLDER_MEETING = "stakeholder", _("stakeholder meeting")
        PEER_LEARNING = "peer_learning", _("peer-learning meeting")
        FACILITATOR_TRAINING = "facilitator_training", _("facilitator training")
        MONITORING = "monitoring", _("monitoring and evaluation")
        OTHER = "other", _("other")

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCE = "province", _("province")
        REGENCY = "regency", _("regency/city")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    cycle = models.ForeignKey(
        ProgramCycle, on_delete=models.PROTECT, related_name="events", verbose_name=_("cycle")
    )
    organiser = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    host = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host institution"),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="events", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("regency/city"),
        help_text=_("Only for an event held for one regency or city."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.BIMTEK, db_index=True
    )
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level.choices,
        default=Level.PROVINCE,
        help_text=_(
            "Who runs it: a national event is changed by national staff only, a province event "
            "by its province's coordinators, a regency event also by its regency's."
        ),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    # Staff only: a meeting link on a public page lets anyone into the meeting.
    meeting_link = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_("For online and hybrid events. Never shown on public pages."),
    )
    served_provinces = models.ManyToManyField(
        Province,
        blank=True,
        related_name="events_served",
        verbose_name=_("provinces served"),
        help_text=_(
            "The provinces whose libraries the event is for (a national event: every province "
            "it invites). Their coordinators see the event and their own participants."
        ),
    )
    served_regencies = models.ManyToManyField(
        Regency,
        blank=True,
        related_name="events_served",
        verbose_name=_("regencies/cities served"),
        help_text=_("Only when the event is for some regencies or cities, not a whole province."),
    )
    venue = models.CharField(_("venue"), max_length=250)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    opened_by = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_opened",
        verbose_name=_("opened by"),
    )
    closed_by = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_closed",
        verbose_name=_("closed by"),
    )
    closed_by_representative = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_closed_as_representative",
        verbose_name=_("closing official represented by"),
    )
    learning_goals = models.TextField(
        _("learning goals"), blank=True, help_text=_("One goal per line.")
    )
    requires_negative_test = models.BooleanField(
        _("negative test required"),
        default=False,
        help_text=_("Participants must show a negative antigen test before and after the event."),
    )
    health_protocol = models.TextField(_("health protocol"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    report = models.TextField(_("report narrative"), blank=True)

    objects = TrainingEventQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical training event"))

    class Meta:
        verbose_name = _("training event (Bimtek)")
        verbose_name_plural = _("training events (Bimtek)")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="trainings_trainingevent_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trainings:event-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        # A regency event lies in its province: the two are never typed apart.
        if self.regency_id and self.province_id and self.regency_id[:2] != self.province_id:
            raise ValidationError(
                {"regency": _("This regency/city is not in the event's province.")}
            )

    def is_changeable_by(self, user: Any) -> bool:
        """May `user` change this event and what it owns (agenda, participants' event link)?

        Only when it is theirs: a national event only national staff; otherwise a province
        coordinator the events held in their province, a regency coordinator only their own
        regency's events (a province-wide event is read-only to them). Seeing an event because
        it serves one's region (`TrainingEventQuerySet.scope_q`) never gives the right to change
        it. For a new event this is the rule that its regency must be the coordinator's.
        """
        scope = scope_of(user)
        if scope is None:
            return False
        if scope.is_national:
            return True
        if self.level == self.Level.NATIONAL:
            return False
        if scope.level == PROVINCE:
            return self.province_id == scope.code
        return self.regency_id == scope.code

    @property
    def is_online(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    def participant_libraries(self) -> models.QuerySet:
        """The libraries whose people take part in this event (a subquery of library ids)."""
        return self.participants.values("library")

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def days(self) -> list[datetime.date]:
        return [self.start_date + datetime.timedelta(days=i) for i in range(self.duration_days)]

    @property
    def learning_goal_list(self) -> list[str]:
        return [line.strip() for line in self.learning_goals.splitlines() if line.strip()]


class AgendaItem(TimeStampedModel):
    event = models.ForeignKey(
        TrainingEvent, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("event")
    )
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=250)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    speaker_person = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("speaker or facilitator (person)"),
        help_text=_("The person record, so one speaker across events is one person."),
    )

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical agenda item"))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["day", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="trainings_agendaitem_end_after_start",
                violation_error_message=_("An agenda item must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.topic

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        event = getattr(self, "event", None) if self.event_id else None
        if event and self.day and not (event.start_date <= self.day <= event.end_date):
            raise ValidationError({"day": _("The day must fall within the event's dates.")})


class Gender(models.TextChoices):
    MALE = "L", _("male")
    FEMALE = "P", _("female")


class Role(models.TextChoices):
    """What a person does at their library (or village): read from the position they write."""

    HEAD = "head", _("head of library")
    LIBRARIAN = "librarian", _("librarian / library staff")
    VILLAGE_OFFICIAL = "village_official", _("village official")
    VOLUNTEER = "volunteer", _("volunteer")
    FACILITATOR = "facilitator", _("facilitator")
    OTHER = "other", _("other")


class Person(TimeStampedModel):
    """Someone trained, or speaking, at events: one record however many events they attend.

    Identity (`Participant.identity_key`): the normalised name and the library. A phone or an
    e-mail is no identity (families share them), so contacts stay on each registration
    (`Participant`), where the retention rules of UU PDP 27/2022 shred them per event. A
    speaker from outside the libraries has no library.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    # participant_name_key(full_name): what identity compares, indexed with the library.
    name_key = models.CharField(_("name key"), max_length=150, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, blank=True, choices=Gender.choices)
    library = models.ForeignKey(
        VillageLibrary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name=_("village library"),
    )
    position = models.CharField(
        _("position"),
        max_length=150,
        blank=True,
        help_text=_("As the person or their office writes it, e.g. “Kepala Perpustakaan Desa”."),
    )
    role = models.CharField(_("role"), max_length=20, blank=True, choices=Role.choices)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Generated for the demo; not a real person.")
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical person"))

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "library"],
                condition=Q(library__isnull=False),
                name="trainings_person_one_per_name_and_library",
                violation_error_message=_(
                    "This person (the same name from the same library) is already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(full_name=""), name="trainings_person_name_not_empty"
            ),
        ]

    def __str__(self) -> str:
        if self.library_id is not None:
            return f"{self.full_name} — {self.library}"
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        # Derived from the row itself, never typed (as Village.derive_regions).
        self.name_key = participant_name_key(self.full_name)
        super().save(*args, **kwargs)


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
        from .participation import participant_guest_reason

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


class Attendance(TimeStampedModel):
    """A participant present on one day of the event."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    day = models.DateField(_("day"))

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical attendance"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "participant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day"],
                name="trainings_attendance_one_per_participant_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.day:%Y-%m-%d}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.participant_id and self.day:
            event = self.participant.event
            if not (event.start_date <= self.day <= event.end_date):
                raise ValidationError({"day": _("The day must fall within the event's dates.")})


class HealthScreening(TimeStampedModel):
    """A health test of a participant. Health data: its own table, its own permission."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("before the event")
        AFTER = "after", _("after the event")

    class TestType(models.TextChoices):
        ANTIGEN = "antigen", _("antigen swab")
        PCR = "pcr", _("PCR")

    class Result(models.TextChoices):
        NEGATIVE = "negative", _("negative")
        POSITIVE = "positive", _("positive")
        INVALID = "invalid", _("invalid")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="screenings",
        verbose_name=_("participant"),
    )
    phase = models.CharField(_("phase"), max_length=6, choices=Phase.choices)
    test_type = models.CharField(
        _("test type"), max_length=10, choices=TestType.choices, default=TestType.ANTIGEN
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    tested_on = models.DateField(_("test date"))

    objects = HealthScreeningQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical health screening"))

    class Meta:
        verbose_name = _("health screening")
        verbose_name_plural = _("health screenings")
        ordering = ["participant", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "phase", "test_type"],
                name="trainings_healthscreening_one_per_phase_and_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_phase_display()}"


def person_for(
    *,
    full_name: str,
    library_id: int,
    gender: str = "",
    role: str = "",
    position: str = "",
    is_sample: bool = False,
) -> Person:
    """The person a registration is (`Participant.identity_key`: normalised name + library),
    created the first time. Their details follow the latest registration that gives them;
    the name stays as first written. A shared phone never makes two people one."""
    person = Person.objects.filter(
        name_key=participant_name_key(full_name), library_id=library_id
    ).first()
    if person is None:
        return Person.objects.create(
            full_name=full_name,
            library_id=library_id,
            gender=gender,
            role=role,
            position=position,
            is_sample=is_sample,
        )
    changed = {
        name: value
        for name, value in {"gender": gender, "role": role, "position": position}.items()
        if value and getattr(person, name) != value
    }
    if changed:
        for name, value in changed.items():
            setattr(person, name, value)
        person.save(update_fields=[*changed, "modified"])
    return person
