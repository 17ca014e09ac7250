"""Personal data by the law (UU PDP No. 27/2022): the shapes every app uses to declare what
personal data it keeps, how long, and how a person's request to see, correct or erase it is met.

Each app declares its own in its `privacy.py` (`RETENTION_KINDS`, `SUBJECT_SOURCES`);
`portal.privacy` collects them and `portal.privacy_services` runs them (the shredder, subject
requests), atomically and on the audit trail. This module imports no app. It also declares the
shared library's own kind: the audit trail itself, kept longer than the data it describes.

Retention periods are days in `settings.PRIVACY_RETENTION_DAYS` (environment overrides and the
reasons for the defaults: docs/decisions.md). A kind whose period is missing or not positive makes
the shredder refuse to run rather than guess.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

#: Specific personal data (UU PDP art. 4(2)): health data such as antigen results.
SPECIFIC = "specific"
#: General personal data (art. 4(3)): names, phone numbers, e-mail addresses.
GENERAL = "general"
#: Records kept to account for what was done (the audit trail).
ACCOUNTABILITY = "accountability"

CATEGORY_LABELS = {
    SPECIFIC: _("specific personal data (health)"),
    GENERAL: _("general personal data"),
    ACCOUNTABILITY: _("accountability record"),
}

#: Who holds the data, for notices and exported files.
CONTROLLER = "Perpustakaan Nasional Republik Indonesia"


# --- Retention ---------------------------------------------------------------------------------


def retention_days(key: str) -> int:
    """The retention period of a kind, in days, from `settings.PRIVACY_RETENTION_DAYS`.

    Raises ImproperlyConfigured when it is missing or not a positive whole number: a shredder
    must never fall back to "keep nothing"."""
    periods = getattr(settings, "PRIVACY_RETENTION_DAYS", {})
    days = periods.get(key)
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ImproperlyConfigured(
            f"PRIVACY_RETENTION_DAYS[{key!r}] must be a positive number of days, not {days!r}."
        )
    return days


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the portal's time zone (for timestamp comparisons)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def period_text(days: int) -> str:
    """A period as people say it: "3 months", "2 years", else "45 days"."""
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if days % 30 == 0:
        months = days // 30
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


@dataclass(frozen=True)
class ShredCount:
    """What a kind has past its retention (a dry run) or removed (a real run).

    `rows`: live rows deleted or blanked; `history_rows`: history rows deleted or blanked;
    `record_ids`: ids of the kind's `record_model` rows whose data was touched (for the audit
    record; never personal data)."""

    rows: int = 0
    history_rows: int = 0
    record_ids: tuple[Any, ...] = ()


@dataclass(frozen=True)
class RetentionKind:
    """One kind of personal data and its retention rule, declared by the app that holds it.

    `count(cutoff)` says what is past retention without writing; `shred(cutoff)` removes it,
    history included, inside the caller's transaction. A row is past retention when the date its
    period is counted from lies before `cutoff` (= today minus the period), so a row exactly one
    period old is still kept.
    """

    key: str
    label: Promise
    holds: Promise
    counted_from: Promise
    removal: Promise
    category: str
    env: str
    record_model: type[models.Model]
    count: Callable[[datetime.date], ShredCount]
    shred: Callable[[datetime.date], ShredCount]

    @property
    def days(self) -> int:
        return retention_days(self.key)

    def cutoff(self, today: datetime.date) -> datetime.date:
        return today - datetime.timedelta(days=self.days)


# --- Subject requests --------------------------------------------------------------------------


def phone_key(text: str) -> str:
    """An Indonesian phone number reduced to its national digits ("81200000001"), so
    "0812-0000-0001", "+62 812 0000 0001" and "6281200000001" compare equal; "" for no digits."""
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("62"):
        digits = digits[2:]
    return digits.lstrip("0")


@dataclass(frozen=True)
class SubjectQuery:
    """What a person gave to be found by: a name, a phone number, an e-mail address."""

    name: str = ""
    phone: str = ""
    email: str = ""

    @property
    def phone_digits(self) -> str:
        return phone_key(self.phone)

    def name_matches(self, value: str) -> bool:
        return bool(self.name) and self.name.casefold() in (value or "").casefold()

    def phone_matches(self, value: str) -> bool:
        return bool(self.phone_digits) and phone_key(value) == self.phone_digits

    def email_matches(self, value: str) -> bool:
        return bool(self.email) and (value or "").strip().casefold() == self.email.casefold()

    def phone_q(self, field_name: str = "phone") -> models.Q:
        """A database pre-filter for the phone (its last digits); confirm with phone_matches."""
        if not self.phone_digits:
            return models.Q(pk__in=[])
        return models.Q(**{f"{field_name}__contains": self.phone_digits[-4:]})

    def q(self, *, name: str = "", phone: str = "", email: str = "") -> models.Q:
        """Rows whose `name`/`phone`/`email` field may match (the phone to be confirmed)."""
        query = models.Q(pk__in=[])
        if name and self.name:
            query |= models.Q(**{f"{name}__icontains": self.name})
        if phone and self.phone_digits:
            query |= self.phone_q(phone)
        if email and self.email:
            query |= models.Q(**{f"{email}__iexact": self.email})
        return query

    def matched_fields(self, values: dict[str, str], *, name="", phone="", email="") -> list[str]:
        found = []
        if name and self.name_matches(values.get(name, "")):
            found.append("name")
        if phone and self.phone_matches(values.get(phone, "")):
            found.append("phone")
        if email and self.email_matches(values.get(email, "")):
            found.append("email")
        return found


@dataclass
class SubjectRecord:
    """A record about a person, as the national administrator reviews it and the person
    receives it.

    `key` is "<source>:<id>"; `data` is everything the record holds about the person (for the
    exported file); `history` its earlier versions. `deleted` means the live row is gone and
    only its history remains. Public records (an official named in a public report) are listed
    and exported, never corrected or erased here."""

    source: str
    pk: str
    title: str
    data: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    deleted: bool = False
    public: bool = False
    correctable: tuple[str, ...] = ()
    erasure: str = ""

    @property
    def key(self) -> str:
        return f"{self.source}:{self.pk}"


class SubjectSource(Protocol):
    """Where an app keeps records about people, for subject requests (declared in its
    `privacy.py`, collected by `portal.privacy`). `record_model` names the audit record's type."""

    key: str
    label: Promise
    public: bool
    record_model: type[models.Model]

    def match(self, query: SubjectQuery, *, limit: int) -> list[str]:
        """Ids of records that may be about the person (live or history only)."""

    def load(self, pks: Iterable[str], *, query: SubjectQuery | None = None) -> list[SubjectRecord]:
        """The records with everything they hold, in a bounded number of queries."""

    def correct(self, *, pk: str, changes: dict[str, Any], reason: str, user: Any) -> list[str]:
        """Apply a correction; return the names of the fields that changed."""

    def erase(self, *, pks: list[str], query: SubjectQuery) -> dict[str, int]:
        """Erase the person's data from these records and their history; return counts."""


# --- The shared library's own kind: the audit trail ---------------------------------------------


def _audit_querysets(cutoff: datetime.date):
    from django.contrib.admin.models import LogEntry

    from .models import AuditEvent

    since = start_of_day(cutoff)
    return (
        AuditEvent.objects.filter(timestamp__lt=since),
        LogEntry.objects.filter(action_time__lt=since),
    )


def _audit_count(cutoff: datetime.date) -> ShredCount:
    events, entries = _audit_querysets(cutoff)
    return ShredCount(rows=events.count() + entries.count())


def _audit_shred(cutoff: datetime.date) -> ShredCount:
    events, entries = _audit_querysets(cutoff)
    count = _audit_count(cutoff)
    events.delete()  # its rows go with it (CASCADE)
    entries.delete()
    return count


def retention_kinds() -> tuple[RetentionKind, ...]:
    """The shared library's kinds (built on call: the models are not loaded at import)."""
    from .models import AuditEvent

    return (
        RetentionKind(
            key="audit_records",
            label=_("audit records"),
            holds=_(
                "bulk audit records and the admin's change log: which staff user did what, when"
            ),
            counted_from=_("the date of the record"),
            removal=_("deleted"),
            category=ACCOUNTABILITY,
            env="LIBPORTAL_RETAIN_AUDIT_DAYS",
            record_model=AuditEvent,
            count=_audit_count,
            shred=_audit_shred,
        ),
    )


# --- The notice --------------------------------------------------------------------------------


def notice_periods() -> dict[str, str]:
    """The periods the privacy notice names, as text (from the settings, so it stays true)."""
    return {
        key: period_text(retention_days(key))
        for key in ("health_screenings", "participant_contacts")
    }


def privacy_notice_text() -> str:
    """The short privacy notice as plain text (for files such as the import template)."""
    periods = notice_periods()
    return _(
        "Personal data notice: %(controller)s, controller for the TPBIS program, keeps the "
        "names, phone numbers and e-mail addresses of training participants, and antigen test "
        "results where an event required them, only to run the trainings, reach the people "
        "trained and account for the program. Test results are deleted %(health)s after the "
        "event, phone numbers and e-mail addresses %(contacts)s after a person's last event; "
        "names stay on attendance sheets for accountability. To see, correct or erase your "
        "data, ask Perpustakaan Nasional RI or your library office (see /privasi/)."
    ) % {
        "controller": CONTROLLER,
        "health": periods["health_screenings"],
        "contacts": periods["participant_contacts"],
    }
