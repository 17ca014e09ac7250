"""Bimtek events and their agenda, with the one scoping rule for events (held in or serving a
region)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.localized import ENGLISH_HELP
from core.models import TimeStampedModel
from programs.models import Institution, Official, ProgramCycle
from villages.models import Province, Regency
from villages.scoping import PROVINCE, Scope, ScopedQuerySet, prefix_q, scope_of


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
        from .attendance import Attendance  # attendance imports this module (via participants)

        recorded = Attendance.objects.filter(participant__event=OuterRef("pk"))
        return self.filter(start_date__lte=today).exclude(Exists(recorded))


#: The default certificate number series: 001/BIMTEK-TPBIS/VI/2021.
CERTIFICATE_NUMBER_TEMPLATE = "{n:03d}/BIMTEK-TPBIS/{month_roman}/{year}"
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class AgendaItemQuerySet(ScopedQuerySet):
    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return prefix_q(TrainingEventQuerySet.scope_q(scope), "event")


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
    title_en = models.CharField(
        _("title (English)"), max_length=250, blank=True, help_text=ENGLISH_HELP
    )
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
    health_protocol_en = models.TextField(
        _("health protocol (English)"), blank=True, help_text=ENGLISH_HELP
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    report = models.TextField(_("report narrative"), blank=True)
    # English twins of the public text (core/localized.py): optional, shown on /en/ pages.
    summary_en = models.CharField(
        _("summary (English)"), max_length=300, blank=True, help_text=ENGLISH_HELP
    )
    learning_goals_en = models.TextField(
        _("learning goals (English)"), blank=True, help_text=ENGLISH_HELP
    )
    report_en = models.TextField(
        _("report narrative (English)"), blank=True, help_text=ENGLISH_HELP
    )

    # --- paperwork: certificates, badges, invitation letters (trainings.paperwork) ----------
    certificate_min_days = models.PositiveSmallIntegerField(
        _("days of attendance for a certificate"),
        null=True,
        blank=True,
        help_text=_("Empty: every day of the event."),
    )
    hours = models.PositiveSmallIntegerField(
        _("training hours (JP)"),
        null=True,
        blank=True,
        help_text=_("Jam pelajaran, as printed on the certificates."),
    )
    certificate_number_template = models.CharField(
        _("certificate number series"),
        max_length=120,
        blank=True,
        default=CERTIFICATE_NUMBER_TEMPLATE,
        help_text=_(
            "{n:03d} is the certificate's sequence number, {month_roman} and {year} the month "
            "(I–XII) and year the event starts, e.g. {n:03d}/BIMTEK-TPBIS/{month_roman}/{year}."
        ),
    )
    signing_official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_signed",
        verbose_name=_("signing official"),
        help_text=_("Signs the certificates and the invitation letters."),
    )
    signing_official_nip = models.CharField(_("signing official's NIP"), max_length=30, blank=True)
    invitation_number = models.CharField(_("invitation letter number"), max_length=120, blank=True)
    invitation_date = models.DateField(_("invitation letter date"), null=True, blank=True)
    invitation_place = models.CharField(
        _("invitation letter place"), max_length=100, blank=True, help_text=_("e.g. Jakarta")
    )
    invitation_quota = models.PositiveSmallIntegerField(
        _("people per library"),
        default=2,
        help_text=_("How many people each invited library may send (in the invitation letters)."),
    )

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
        if self.start_date and self.certificate_number_template:
            try:
                self.certificate_number(1)
            except (KeyError, IndexError, ValueError):
                raise ValidationError(
                    {
                        "certificate_number_template": _(
                            "Use only {n}, {n:03d}, {month_roman} and {year} in braces."
                        )
                    }
                ) from None

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
    def certificate_days_required(self) -> int:
        """Days of attendance a certificate needs (every day unless the event says fewer)."""
        return min(self.certificate_min_days or self.duration_days, self.duration_days)

    def certificate_number(self, n: int) -> str:
        """The `n`th number of the certificate series (`certificate_number_template`)."""
        return (self.certificate_number_template or CERTIFICATE_NUMBER_TEMPLATE).format(
            n=n, month_roman=ROMAN_MONTHS[self.start_date.month - 1], year=self.start_date.year
        )

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
    topic_en = models.CharField(
        _("topic (English)"), max_length=250, blank=True, help_text=ENGLISH_HELP
    )
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
