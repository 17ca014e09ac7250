"""Staff endpoints: per-user tokens, scoped like the admin.

Every list starts from `Model.objects.in_scope(user)` (villages.scoping: fails closed, so a
user without a scope gets empty lists) and needs the role's view permission for the model
(403 otherwise). Phones and e-mails are null without the contacts permission, health results
without the health permission; a page that does show them writes one audit record naming its
rows (`core.audit.audit_bulk`, action "api_read"), as an export would.

Extension point: monthly reports do not exist as records yet. When their app adds them, add a
`/staff/reports` endpoint here in the same shape as `/staff/deliveries` (a scoped queryset,
`_require`, `cursor_page`, `_audit_personal` if it shows personal data), and its write (a
monthly report from the mobile app) through that app's service, as `attendance` below does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from core.audit import audit_bulk
from programs.models import Beneficiary, Delivery
from trainings.models import Attendance, HealthScreening, Participant, TrainingEvent
from villages.scoping import can_see_contacts, can_see_health

from .errors import Error
from .filters import region_filters
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page
from .schemas import (
    AttendanceStaff,
    AttendanceStaffPage,
    BeneficiaryStaffPage,
    CheckIn,
    DeliveryStaffPage,
    EventStaff,
    EventStaffPage,
    ParticipantStaffPage,
)
from .security import StaffThrottle, TokenAuth
from .services import attendance_check_in

router = Router(tags=["staff"], auth=TokenAuth(), throttle=[StaffThrottle()])

PROVINCE = Query(None, pattern=r"^\d{2}$", description="Province code, e.g. 51.")
REGENCY = Query(None, pattern=r"^\d{2}\.\d{2}$", description="Regency/city code, e.g. 51.03.")
CYCLE = Query(None, ge=2000, le=2100, description="Cycle (budget year), e.g. 2021.")
EVENT = Query(None, max_length=120, description="An event's slug.")
CURSOR = Query(None, max_length=64, description="`page.next_cursor` of the previous page.")
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.")
ERRORS = {400: Error, 401: Error, 403: Error, 422: Error, 429: Error}

#: The action of the audit record a page with personal data writes.
API_READ = "api_read"


def _require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role may not see these records."))


def _audit_personal(request: HttpRequest, model, rows: list, fields: list[str]) -> None:
    """One record per page that showed personal or health data: who, which rows, which
    fields, through which endpoint and token (never the data itself)."""
    if rows and fields:
        token = getattr(request, "api_token", None)
        audit_bulk(
            user=request.auth,
            action=API_READ,
            model=model,
            pks=[r.pk for r in rows],
            detail={
                "endpoint": request.path,
                "fields": fields,
                "token": token.prefix if token else "",
                "username": request.auth.get_username(),
            },
        )


def _event_filter(qs: QuerySet, prefix: str, event: str | None, filters: dict) -> QuerySet:
    if event:
        qs = qs.filter(**{f"{prefix}slug": event})
    if filters.get("year"):
        qs = qs.filter(**{f"{prefix}cycle__year": filters["year"]})
    return qs


@router.get("/events", response={200: EventStaffPage, **ERRORS}, summary="Events (staff)")
def events(
    request: HttpRequest,
    cycle: int | None = CYCLE,
    province: str | None = PROVINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Events in your scope, drafts included (a regency coordinator also sees their
    province's province-wide events)."""
    user = request.auth
    _require(user, "trainings.view_trainingevent")
    filters = region_filters(cycle=cycle, province=province)
    qs = TrainingEvent.objects.in_scope(user).select_related("cycle")
    qs = _event_filter(qs, "", None, filters)
    if filters.get("province"):
        qs = qs.filter(province=filters["province"])
    rows, page = cursor_page(request, qs, cursor=cursor, limit=limit)
    return {"items": [_event_out(e, user) for e in rows], "page": page}


def _event_out(e: TrainingEvent, user: Any) -> dict:
    return {
        "id": e.pk,
        "slug": e.slug,
        "title": e.title,
        "status": e.status,
        "cycle": e.cycle.year,
        "province_code": e.province_id,
        "regency_code": e.regency_id,
        "venue": e.venue,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "changeable": e.is_changeable_by(user),
    }


@router.get(
    "/events/{slug}",
    response={200: EventStaff, 401: Error, 403: Error, 404: Error, 429: Error},
    summary="One event (staff)",
)
def event_detail(request: HttpRequest, slug: str):
    user = request.auth
    _require(user, "trainings.view_trainingevent")
    event = TrainingEvent.objects.in_scope(user).select_related("cycle").filter(slug=slug).first()
    if event is None:
        raise Http404
    return _event_out(event, user)


@router.get("/participants", response={200: ParticipantStaffPage, **ERRORS}, summary="Participants")
def participants(
    request: HttpRequest,
    event: str | None = EVENT,
    cycle: int | None = CYCLE,
    province: str | None = PROVINCE,
    regency: str | None = REGENCY,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Participants in your scope (by their library's region, whatever the event). Phone and
    e-mail only with the contacts permission; antigen screenings only with the health
    permission; either one writes an audit record for the page."""
    user = request.auth
    _require(user, "trainings.view_participant")
    filters = region_filters(cycle=cycle, province=province, regency=regency)
    qs = Participant.objects.in_scope(user).select_related("event", "library")
    qs = _event_filter(qs, "event__", event, filters)
    if filters.get("province"):
        qs = qs.filter(library__province=filters["province"])
    if filters.get("regency"):
        qs = qs.filter(library__regency=filters["regency"])
    contacts, health = can_see_contacts(user), can_see_health(user)
    if health:
        qs = qs.prefetch_related(
            Prefetch(
                "screenings",
                queryset=HealthScreening.objects.in_scope(user).order_by("phase", "test_type"),
            )
        )
    rows, page = cursor_page(request, qs, cursor=cursor, limit=limit)
    items = [
        {
            "id": p.pk,
            "event": p.event.slug,
            "full_name": p.full_name,
            "gender": p.gender,
            "role": p.role,
            "library_slug": p.library.slug,
            "village_code": p.library.village_id,
            "phone": p.phone if contacts else None,
            "email": p.email if contacts else None,
            "is_sample": p.is_sample,
            "screenings": (
                [
                    {
                        "phase": s.phase,
                        "test_type": s.test_type,
                        "result": s.result,
                        "tested_on": s.tested_on,
                    }
                    for s in p.screenings.all()
                ]
                if health
                else None
            ),
        }
        for p in rows
    ]
    fields = (["phone", "email"] if contacts else []) + (["screenings"] if health else [])
    _audit_personal(request, Participant, rows, fields)
    return {"items": items, "page": page}


@router.get("/attendance", response={200: AttendanceStaffPage, **ERRORS}, summary="Attendance")
def attendance(
    request: HttpRequest,
    event: str | None = EVENT,
    cycle: int | None = CYCLE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Days present of the participants in your scope."""
    user = request.auth
    _require(user, "trainings.view_attendance")
    filters = region_filters(cycle=cycle)
    qs = Attendance.objects.in_scope(user).select_related("participant__event")
    qs = _event_filter(qs, "participant__event__", event, filters)
    rows, page = cursor_page(request, qs, cursor=cursor, limit=limit)
    return {"items": [_attendance_out(a) for a in rows], "page": page}


def _attendance_out(a: Attendance) -> dict:
    return {
        "id": a.pk,
        "participant": a.participant_id,
        "event": a.participant.event.slug,
        "day": a.day,
    }


@router.post(
    "/attendance",
    response={200: AttendanceStaff, 201: AttendanceStaff, **ERRORS, 404: Error},
    summary="Check a participant in",
)
def attendance_create(request: HttpRequest, payload: CheckIn):
    """Record that a participant was present on a day of their event (the same service the
    admin uses). 201 when new, 200 when already recorded; 404 for a participant outside your
    scope, 403 for a role that may not record attendance, 422 for a day outside the event."""
    user = request.auth
    participant = (
        Participant.objects.in_scope(user)
        .select_related("event")
        .filter(pk=payload.participant)
        .first()
    )
    if participant is None:
        raise Http404
    record, created = attendance_check_in(user=user, participant=participant, day=payload.day)
    return Status(201 if created else 200, _attendance_out(record))


@router.get(
    "/beneficiaries", response={200: BeneficiaryStaffPage, **ERRORS}, summary="Beneficiaries"
)
def beneficiaries(
    request: HttpRequest,
    cycle: int | None = CYCLE,
    province: str | None = PROVINCE,
    regency: str | None = REGENCY,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Beneficiaries in your scope, all statuses; the library's phone and e-mail only with the
    contacts permission (audited)."""
    user = request.auth
    _require(user, "programs.view_beneficiary")
    filters = region_filters(cycle=cycle, province=province, regency=regency)
    qs = Beneficiary.objects.in_scope(user).select_related("cycle", "library")
    if filters.get("year"):
        qs = qs.filter(cycle__year=filters["year"])
    if filters.get("province"):
        qs = qs.filter(library__province=filters["province"])
    if filters.get("regency"):
        qs = qs.filter(library__regency=filters["regency"])
    contacts = can_see_contacts(user)
    rows, page = cursor_page(request, qs, cursor=cursor, limit=limit)
    items = [
        {
            "id": b.pk,
            "cycle": b.cycle.year,
            "status": b.status,
            "selected_on": b.selected_on,
            "library_slug": b.library.slug,
            "library": b.library.name,
            "village_code": b.library.village_id,
            "regency_code": b.library.regency_id,
            "province_code": b.library.province_id,
            "library_phone": b.library.phone if contacts else None,
            "library_email": b.library.email if contacts else None,
        }
        for b in rows
    ]
    _audit_personal(
        request, Beneficiary, rows, ["library_phone", "library_email"] if contacts else []
    )
    return {"items": items, "page": page}


@router.get("/deliveries", response={200: DeliveryStaffPage, **ERRORS}, summary="Aid deliveries")
def deliveries(
    request: HttpRequest,
    cycle: int | None = CYCLE,
    province: str | None = PROVINCE,
    regency: str | None = REGENCY,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Handovers of aid (BAST) to the beneficiaries in your scope, with the items that
    arrived. The signed BAST file itself is downloaded in the admin, not here."""
    user = request.auth
    _require(user, "programs.view_delivery")
    filters = region_filters(cycle=cycle, province=province, regency=regency)
    qs = (
        Delivery.objects.in_scope(user)
        .select_related("beneficiary__cycle", "beneficiary__library")
        .prefetch_related("items")
    )
    if filters.get("year"):
        qs = qs.filter(beneficiary__cycle__year=filters["year"])
    if filters.get("province"):
        qs = qs.filter(beneficiary__library__province=filters["province"])
    if filters.get("regency"):
        qs = qs.filter(beneficiary__library__regency=filters["regency"])
    rows, page = cursor_page(request, qs, cursor=cursor, limit=limit)
    items = [
        {
            "id": d.pk,
            "beneficiary": d.beneficiary_id,
            "cycle": d.beneficiary.cycle.year,
            "library_slug": d.beneficiary.library.slug,
            "bast_number": d.bast_number,
            "delivered_on": d.delivered_on,
            "items": [
                {
                    "kind": i.kind,
                    "description": i.description,
                    "quantity": i.quantity,
                    "condition": i.condition,
                }
                for i in d.items.all()
            ],
        }
        for d in rows
    ]
    return {"items": items, "page": page}
