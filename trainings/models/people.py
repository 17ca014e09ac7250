"""People trained or speaking at events: one record per person (normalised name + library)."""

import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from villages.models import VillageLibrary
from villages.scoping import ScopedQuerySet


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
