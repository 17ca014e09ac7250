"""Personal data by the law (UU PDP No. 27/2022): the shredder and subject requests.

Each app declares its kinds and sources (`portal.privacy`); these services run them atomically
and put every run and every step on the audit trail (`core.audit.audit_bulk`), with counts and
field names, never the personal data itself (nor the name, phone or e-mail searched for).

The shredder is a plain function, `personal_data_shred(user=system_user())`, so the scheduled job
(once the job queue exists) calls exactly what `manage.py shred_personal_data` calls.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_bulk
from core.models import AuditEvent
from core.privacy import (
    CONTROLLER,
    RetentionKind,
    ShredCount,
    SubjectQuery,
    SubjectRecord,
    period_text,
)
from trainings.models import Participant
from villages.scoping import can_see_contacts, can_see_health, is_national

from .privacy import retention_kinds, subject_source, subject_sources

#: Records listed per source at most; more asks the administrator to be more precise.
MAX_RECORDS_PER_SOURCE = 50
MIN_NAME_LENGTH = 3
MIN_PHONE_DIGITS = 8

_SUBJECT_PERMISSIONS = (
    "trainings.change_participant",
    "trainings.delete_participant",
    "villages.change_villagelibrary",
)


def can_view_retention(user: Any) -> bool:
    """National staff see the retention rules and what is past them (counts only)."""
    return is_national(user)


def can_handle_subject_requests(user: Any) -> bool:
    """Only a national administrator (national scope, the rights to change and delete people's
    records, and both protected-data permissions) answers a person's request: it reads every
    region's records, health results included. Superusers have all of it."""
    return (
        is_national(user)
        and can_see_contacts(user)
        and can_see_health(user)
        and all(user.has_perm(perm) for perm in _SUBJECT_PERMISSIONS)
    )


# --- The shredder -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindResult:
    kind: RetentionKind
    days: int
    cutoff: datetime.date
    count: ShredCount


@dataclass(frozen=True)
class ShredReport:
    today: datetime.date
    dry_run: bool
    kinds: list[KindResult]
    audit: AuditEvent | None = None

    @property
    def total_rows(self) -> int:
        return sum(r.count.rows + r.count.history_rows for r in self.kinds)


def _plan(today: datetime.date | None) -> tuple[datetime.date, list[tuple[RetentionKind, int]]]:
    today = today or timezone.localdate()
    # Every period first: a misconfigured one stops the run before anything is removed.
    return today, [(kind, kind.days) for kind in retention_kinds()]


def personal_data_shred_preview(*, today: datetime.date | None = None) -> ShredReport:
    """What the shredder would remove today, per kind (a dry run: reads only, writes nothing)."""
    today, kinds = _plan(today)
    results = []
    for kind, days in kinds:
        cutoff = today - datetime.timedelta(days=days)
        results.append(KindResult(kind, days, cutoff, kind.count(cutoff)))
    return ShredReport(today=today, dry_run=True, kinds=results)


@transaction.atomic
def personal_data_shred(*, user: Any, today: datetime.date | None = None) -> ShredReport:
    """Remove every kind of personal data past its retention, history included, in one
    transaction, and write ONE audit record naming each kind with its counts and period.

    `user` is who runs it (the system user for the command and the scheduled job). The record's
    rows are the participants whose data was touched, so each one's history page shows it."""
    today, kinds = _plan(today)
    results = []
    for kind, days in kinds:
        cutoff = today - datetime.timedelta(days=days)
        results.append(KindResult(kind, days, cutoff, kind.shred(cutoff)))
    participants = sorted(
        {pk for r in results if r.kind.record_model is Participant for pk in r.count.record_ids}
    )
    audit = audit_bulk(
        user=user,
        action="shred",
        model=Participant,
        pks=participants,
        detail={
            "today": today,
            "kinds": {
                r.kind.key: {
                    "rows": r.count.rows,
                    "history_rows": r.count.history_rows,
                    "retention_days": r.days,
                    "cutoff": r.cutoff,
                }
                for r in results
            },
        },
    )
    return ShredReport(today=today, dry_run=False, kinds=results, audit=audit)


# --- Subject requests ---------------------------------------------------------------------------


@dataclass
class SubjectFindings:
    """Everything found about a person: records by source, and the sources with more records
    than listed (the administrator should narrow the search)."""

    records: list[SubjectRecord] = field(default_factory=list)
    truncated: list[str] = field(default_factory=list)


def _require(user: Any) -> None:
    if not can_handle_subject_requests(user):
        raise PermissionDenied


def subject_query_clean(*, name: str = "", phone: str = "", email: str = "") -> SubjectQuery:
    """A usable query, or ValidationError naming the field: at least one of the three; a name
    of 3 characters or more, a phone of 8 digits or more, an e-mail with an @."""
    query = SubjectQuery(name=" ".join(name.split()), phone=phone.strip(), email=email.strip())
    errors: dict[str, str] = {}
    if query.name and len(query.name) < MIN_NAME_LENGTH:
        errors["name"] = _("Give at least %(count)d characters of the name.") % {
            "count": MIN_NAME_LENGTH
        }
    if query.phone and len(query.phone_digits) < MIN_PHONE_DIGITS:
        errors["phone"] = _("Give the whole phone number (at least %(count)d digits).") % {
            "count": MIN_PHONE_DIGITS
        }
    if query.email and "@" not in query.email:
        errors["email"] = _("Give a whole e-mail address.")
    if not errors and not (query.name or query.phone or query.email):
        errors["name"] = _("Give a name, a phone number or an e-mail address.")
    if errors:
        raise ValidationError(errors)
    return query


def _criteria(query: SubjectQuery) -> list[str]:
    """Which criteria were given (never their values: those are personal data)."""
    return [name for name in ("name", "phone", "email") if getattr(query, name)]


def subject_search(*, user: Any, query: SubjectQuery) -> SubjectFindings:
    """Every record that may be about the person, across events, libraries and sources, live
    and in the history. The administrator confirms which are the person's before acting.
    Audited: one record per source with findings (the criteria used, not their values)."""
    _require(user)
    findings = SubjectFindings()
    for source in subject_sources():
        pks = source.match(query, limit=MAX_RECORDS_PER_SOURCE)
        if len(pks) > MAX_RECORDS_PER_SOURCE:
            findings.truncated.append(str(source.label))
            pks = pks[:MAX_RECORDS_PER_SOURCE]
        if not pks:
            continue
        findings.records += source.load(pks, query=query)
        audit_bulk(
            user=user,
            action="subject_search",
            model=source.record_model,
            pks=pks,
            detail={"source": source.key, "criteria": _criteria(query)},
        )
    return findings


def _parse(keys: list[str]) -> dict[str, list[str]]:
    """{"participant:12", …} → {"participant": ["12"], …}; ValidationError for an unknown one."""
    chosen: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        source_key, _sep, pk = str(key).partition(":")
        try:
            subject_source(source_key)
        except KeyError:
            pk = ""
        if not pk.isdigit() or len(pk) > 18:
            raise ValidationError(_("Unknown record “%(key)s”.") % {"key": str(key)[:40]})
        if pk not in chosen[source_key]:
            chosen[source_key].append(pk)
    if not chosen:
        raise ValidationError(_("Choose at least one record."))
    return chosen


def subject_records(*, user: Any, keys: list[str], query: SubjectQuery | None = None):
    """The chosen records, loaded (for the erasure's confirmation page)."""
    _require(user)
    records = []
    for source_key, pks in _parse(keys).items():
        records += subject_source(source_key).load(pks, query=query)
    return records


def subject_export(
    *, user: Any, keys: list[str], query: SubjectQuery | None = None
) -> tuple[str, bytes]:
    """The person's access request: the chosen records, with their history, as ONE JSON file
    (file name, content). Audited: one record per source (how many records, no content)."""
    _require(user)
    now = timezone.now()
    chosen = _parse(keys)
    records: list[SubjectRecord] = []
    for source_key, pks in chosen.items():
        source = subject_source(source_key)
        found = source.load(pks, query=query)
        records += found
        audit_bulk(
            user=user,
            action="subject_export",
            model=source.record_model,
            pks=[r.pk for r in found],
            detail={"source": source.key, "records": len(found)},
        )
    document = {
        "title": _("Personal data held about you in the TPBIS portal"),
        "controller": CONTROLLER,
        "program": "Transformasi Perpustakaan Berbasis Inklusi Sosial (TPBIS)",
        "law": "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
        "generated_at": now,
        "retention": [
            {
                "kind": str(kind.label),
                "period": period_text(kind.days),
                "counted_from": str(kind.counted_from),
                "then": str(kind.removal),
            }
            for kind in retention_kinds()
        ],
        "records": [
            {
                "type": str(subject_source(r.source).label),
                "id": r.key,
                "title": r.title,
                "public_record": r.public,
                "deleted": r.deleted,
                "data": r.data,
                "history": r.history,
            }
            for r in records
        ],
    }
    content = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    filename = f"data-pribadi-{timezone.localtime(now):%Y%m%d-%H%M%S}.json"
    return filename, content.encode("utf-8")


@transaction.atomic
def subject_correct(*, user: Any, key: str, changes: dict[str, Any]) -> list[str]:
    """Correct a record at the person's request; returns the fields changed. The change is in
    the record's history (reason: the request) and on the audit trail (field names only)."""
    _require(user)
    [(source_key, [pk])] = _parse([key]).items()
    source = subject_source(source_key)
    if source.public:
        raise ValidationError(_("A public record is not corrected through a request."))
    changed = source.correct(
        pk=pk, changes=changes, reason=_("Subject request (UU PDP): correction"), user=user
    )
    audit_bulk(
        user=user,
        action="subject_correct",
        model=source.record_model,
        pks=[pk],
        detail={"source": source.key, "fields": changed},
    )
    return changed


@transaction.atomic
def subject_erase(
    *, user: Any, keys: list[str], query: SubjectQuery | None = None
) -> dict[str, dict[str, int]]:
    """Erase the person's data from the chosen records and their history, keeping only what an
    accountability record needs (a name on an attendance sheet). All or nothing; one audit
    record per source with the counts."""
    _require(user)
    chosen = _parse(keys)
    public = [f"{k}:{pk}" for k, pks in chosen.items() if subject_source(k).public for pk in pks]
    if public:
        raise ValidationError(
            _("A public record is not erased through a request: %(records)s.")
            % {"records": ", ".join(public)}
        )
    results = {}
    for source_key, pks in chosen.items():
        source = subject_source(source_key)
        counts = source.erase(pks=pks, query=query or SubjectQuery())
        audit_bulk(
            user=user,
            action="subject_erase",
            model=source.record_model,
            pks=pks,
            detail={"source": source.key, "counts": counts},
        )
        results[source.key] = counts
    return results
