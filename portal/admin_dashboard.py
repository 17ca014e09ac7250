"""The admin's start page: the coordinator's to-dos in their scope, then the models by the work.

The admin site (core/admin_site.py, which imports no app) asks `index_context` for this page's
extra context through the `ADMIN_INDEX_CONTEXT` setting.

Each to-do counts the rows of one model admin's changelist under one of its filters, in the
user's scope (`.in_scope(user)`, as the changelist does), and links to that filtered changelist,
so the count and the list agree. One query per to-do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from monitoring.models import MonthlyReport
from monitoring.rates import last_due_month, missing_reports
from monitoring.services import may_approve
from programs.models import Beneficiary
from programs.services import STEPS, step_allowed
from trainings.models import Participant, TrainingEvent


@dataclass(frozen=True)
class Todo:
    """One thing waiting for the user: how many rows, and the changelist that lists them."""

    label: Any
    count: int
    url: str


#: The workflow steps that wait on a coordinator, with the to-do's label. "complete" is left
#: out (an active library is running the program, not waiting), and so is "withdraw".
_STEP_TODOS = {
    "verify": _("Beneficiaries proposed, waiting for your verification"),
    "select": _("Beneficiaries verified, waiting for your selection"),
    "activate": _("Beneficiaries selected, waiting for activation"),
}


def _changelist(model: type, params: dict[str, str]) -> str:
    meta = model._meta
    return f"{reverse(f'admin:{meta.app_label}_{meta.model_name}_changelist')}?{urlencode(params)}"


def _may_view(user: Any, model: type) -> bool:
    meta = model._meta
    return user.has_perm(f"{meta.app_label}.view_{meta.model_name}") or user.has_perm(
        f"{meta.app_label}.change_{meta.model_name}"
    )


def coordinator_todos(user: Any) -> list[Todo]:
    """What needs `user` now, in their scope, each with the URL of the filtered changelist.

    Only to-dos with rows are listed, and only for models the user may view. Bounded: one
    count per to-do (and the scope and permissions, cached on the user).
    """
    candidates: list[tuple[Any, type, QuerySet, dict[str, str]]] = []
    if _may_view(user, Beneficiary):
        beneficiaries = Beneficiary.objects.in_scope(user)
        for step, label in _STEP_TODOS.items():
            if step_allowed(user, step):
                (source,) = STEPS[step].sources
                candidates.append(
                    (
                        label,
                        Beneficiary,
                        beneficiaries.filter(status=source),
                        {"status__exact": source},
                    )
                )
        candidates.append(
            (
                _("Beneficiaries with aid not yet delivered"),
                Beneficiary,
                beneficiaries.aid_outstanding(),
                {"aid": "outstanding"},
            )
        )
    if _may_view(user, TrainingEvent):
        events = TrainingEvent.objects.in_scope(user)
        candidates.append(
            (
                _("Events begun without attendance recorded"),
                TrainingEvent,
                events.without_attendance(today=timezone.localdate()),
                {"attendance": "missing"},
            )
        )
        candidates.append(
            (
                _("Draft events to review and publish"),
                TrainingEvent,
                events.filter(status=TrainingEvent.Status.DRAFT),
                {"status__exact": TrainingEvent.Status.DRAFT},
            )
        )
    if _may_view(user, Participant):
        # Duplicates are refused when a participant is entered (`Participant.clean`), so there
        # is no "duplicate" flag to list; guests are flagged and wait for a look.
        candidates.append(
            (
                _("Participants flagged as guests"),
                Participant,
                Participant.objects.in_scope(user).filter(is_guest=True),
                {"is_guest__exact": "1"},
            )
        )
    if _may_view(user, MonthlyReport):
        due = last_due_month()
        candidates.append(
            (
                _("Monthly reports missing for %(month)s") % {"month": due.strftime("%Y-%m")},
                None,
                missing_reports(user, due),
                reverse("admin:monitoring_monthlyreport_rates") + f"?month={due:%Y-%m}",
            )
        )
        if may_approve(user):
            candidates.append(
                (
                    _("Monthly reports submitted, waiting for approval"),
                    MonthlyReport,
                    MonthlyReport.objects.in_scope(user).filter(status="submitted"),
                    {"status__exact": "submitted"},
                )
            )
    todos = []
    for label, model, rows, params in candidates:
        count = rows.count()
        if count:
            url = params if model is None else _changelist(model, params)  # a page of its own
            todos.append(Todo(label=label, count=count, url=url))
    return todos


#: The admin's models grouped by the work, in this order; a model not named falls in "other".
WORK_GROUPS: list[tuple[str, Any, list[str]]] = [
    (
        "program",
        _("Program"),
        [
            "programs.program",
            "programs.programcycle",
            "programs.selectiondecree",
            "programs.beneficiary",
            "programs.aidpackage",
            "programs.delivery",
        ],
    ),
    (
        "events",
        _("Events"),
        [
            "trainings.trainingevent",
            "trainings.agendaitem",
            "trainings.participant",
            "trainings.attendance",
            "trainings.healthscreening",
            "trainings.person",
        ],
    ),
    (
        "libraries",
        _("Libraries and regions"),
        [
            "villages.villagelibrary",
            "programs.institution",
            "programs.official",
            "villages.province",
            "villages.regency",
            "villages.district",
            "villages.village",
        ],
    ),
    (
        "reports",
        _("Reports"),
        ["monitoring.monthlyreport", "monitoring.reportactivity", "monitoring.reportphoto"],
    ),
    (
        "access",
        _("People and access"),
        [
            "auth.user",
            "auth.group",
            "portal.apitoken",
            "core.auditevent",
            "axes.accessattempt",
            "axes.accessfailurelog",
            "axes.accesslog",
        ],
    ),
]


def work_groups(app_list: list[dict]) -> list[dict]:
    """`app_list` (the admin's, already limited to the user's permissions) regrouped by the
    work, in the shape of Django's app list (name, app_label, models); empty groups dropped."""
    models = {
        f"{app['app_label']}.{model['object_name'].lower()}": model
        for app in app_list
        for model in app["models"]
    }
    groups = []
    for key, name, members in WORK_GROUPS:
        rows = [models.pop(member) for member in members if member in models]
        if rows:
            groups.append({"name": name, "app_label": key, "models": rows})
    if models:
        groups.append({"name": _("Other"), "app_label": "other", "models": list(models.values())})
    return groups


def index_context(*, request: Any, app_list: list[dict]) -> dict[str, Any]:
    """The admin index's extra context (`ADMIN_INDEX_CONTEXT`): the to-dos and the groups."""
    return {"todos": coordinator_todos(request.user), "work_groups": work_groups(app_list)}
