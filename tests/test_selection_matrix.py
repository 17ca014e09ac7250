"""The selection workflow's permission matrix (issue 10): who may take which step, in which
region; each step is recorded in the history and the audit trail; the admin offers only the
steps the user may take."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from core.models import AuditEvent
from portal.roles import COORDINATOR, VIEWER, roles_sync
from programs.models import Beneficiary
from programs.services import (
    beneficiaries_activate,
    beneficiaries_complete,
    beneficiaries_select,
    beneficiaries_verify,
    beneficiaries_withdraw,
    beneficiary_propose,
)
from tests.programs.factories import (
    BeneficiaryFactory,
    ProgramCycleFactory,
    SelectionDecreeFactory,
)
from tests.villages.factories import (
    DistrictFactory,
    ProvinceLibraryFactory,
    RegencyLibraryFactory,
    StaffFactory,
    VillageLibraryFactory,
)

pytestmark = pytest.mark.django_db

S = Beneficiary.Status


@pytest.fixture
def world():
    roles_sync()
    cycle = ProgramCycleFactory(year=2024)
    district = DistrictFactory()
    regency, province = district.regency, district.regency.province
    other = DistrictFactory()  # another province
    users = {
        "national": StaffFactory(scope="national", groups=[COORDINATOR]),
        "province": StaffFactory(scope=province, groups=[COORDINATOR]),
        "regency": StaffFactory(scope=regency, groups=[COORDINATOR]),
        "viewer": StaffFactory(scope="national", groups=[VIEWER]),
        "other_province": StaffFactory(scope=other.regency.province, groups=[COORDINATOR]),
    }
    return {
        "cycle": cycle,
        "decree": SelectionDecreeFactory(cycle=cycle),
        "library": VillageLibraryFactory(village__district=district),
        "regency": regency,
        "province": province,
        "users": users,
    }


def _row(world, status):
    extra = {"withdrawal_reason": "x"} if status == S.WITHDRAWN else {}
    return BeneficiaryFactory(
        cycle=world["cycle"], library=world["library"], status=status, **extra
    )


STEPS = {
    "verify": (S.PROPOSED, lambda w, u, rows: beneficiaries_verify(user=u, beneficiaries=rows)),
    "select": (
        S.VERIFIED,
        lambda w, u, rows: beneficiaries_select(user=u, beneficiaries=rows, decree=w["decree"]),
    ),
    "activate": (S.SELECTED, lambda w, u, rows: beneficiaries_activate(user=u, beneficiaries=rows)),
    "complete": (S.ACTIVE, lambda w, u, rows: beneficiaries_complete(user=u, beneficiaries=rows)),
    "withdraw": (
        S.PROPOSED,
        lambda w, u, rows: beneficiaries_withdraw(user=u, beneficiaries=rows, reason="no building"),
    ),
}

# step -> the roles that may take it (in their region)
ALLOWED = {
    "verify": {"national", "province"},
    "select": {"national"},
    "activate": {"national", "province"},
    "complete": {"national", "province"},
    "withdraw": {"national", "province", "regency"},
}


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("role", ["national", "province", "regency", "viewer", "other_province"])
def test_selection_matrix(world, step, role):
    source, take = STEPS[step]
    row = _row(world, source)
    user = world["users"][role]
    if role in ALLOWED[step]:
        assert take(world, user, [row]) == 1
        row.refresh_from_db()
        assert row.status != source
    else:
        with pytest.raises(PermissionDenied):
            take(world, user, [row])
        row.refresh_from_db()
        assert row.status == source


def test_a_regency_coordinators_and_a_province_coordinators_selected_are_refused(world):
    row = _row(world, S.VERIFIED)
    for role in ("regency", "province"):
        with pytest.raises(PermissionDenied):
            beneficiaries_select(
                user=world["users"][role], beneficiaries=[row], decree=world["decree"]
            )
    row.refresh_from_db()
    assert row.status == S.VERIFIED and row.decree is None


def test_each_step_is_in_the_history_and_the_audit_trail(world):
    users = world["users"]
    row = beneficiary_propose(user=users["regency"], cycle=world["cycle"], library=world["library"])
    beneficiaries_verify(user=users["province"], beneficiaries=[row])
    beneficiaries_select(user=users["national"], beneficiaries=[row], decree=world["decree"])
    beneficiaries_activate(user=users["province"], beneficiaries=[row])
    beneficiaries_complete(user=users["province"], beneficiaries=[row])
    history = list(row.history.order_by("history_date", "history_id"))
    assert [h.status for h in history] == [
        "proposed",
        "verified",
        "selected",
        "active",
        "completed",
    ]
    assert [h.history_change_reason for h in history] == [
        "propose",
        "verify",
        "select",
        "activate",
        "complete",
    ]
    assert [h.history_user for h in history] == [
        users["regency"],
        users["province"],
        users["national"],
        users["province"],
        users["province"],
    ]
    assert history[2].decree_id == world["decree"].pk
    assert history[2].selected_on == datetime.date(2024, 1, 24)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "propose",
        "beneficiary_verify",
        "beneficiary_select",
        "beneficiary_activate",
        "beneficiary_complete",
    ]


def test_steps_out_of_order_or_out_of_region_are_refused_and_write_nothing(world):
    users = world["users"]
    proposed = _row(world, S.PROPOSED)
    with pytest.raises(ValidationError):  # not verified yet
        beneficiaries_select(
            user=users["national"], beneficiaries=[proposed], decree=world["decree"]
        )
    with pytest.raises(PermissionDenied):  # another province's coordinator
        beneficiaries_verify(user=users["other_province"], beneficiaries=[proposed])
    with pytest.raises(ValidationError):  # a withdrawal needs a reason
        beneficiaries_withdraw(user=users["national"], beneficiaries=[proposed], reason=" ")
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED
    assert not AuditEvent.objects.exists()


def test_a_regency_coordinator_may_withdraw_only_a_proposal(world):
    selected = _row(world, S.SELECTED)
    with pytest.raises(ValidationError):
        beneficiaries_withdraw(
            user=world["users"]["regency"], beneficiaries=[selected], reason="closed"
        )
    assert beneficiaries_withdraw(
        user=world["users"]["national"], beneficiaries=[selected], reason="closed"
    )
    selected.refresh_from_db()
    assert selected.status == S.WITHDRAWN and selected.withdrawal_reason == "closed"


def test_province_and_regency_libraries_go_through_the_same_workflow(world):
    users = world["users"]
    regency_library = RegencyLibraryFactory(regency=world["regency"])
    province_library = ProvinceLibraryFactory(province=world["province"])
    rows = [
        beneficiary_propose(user=users["province"], cycle=world["cycle"], library=library)
        for library in (regency_library, province_library)
    ]
    # A regency coordinator sees the regency's library, not the province's.
    with pytest.raises(PermissionDenied):
        beneficiary_propose(
            user=users["regency"], cycle=ProgramCycleFactory(), library=province_library
        )
    beneficiaries_verify(user=users["province"], beneficiaries=rows)
    assert beneficiaries_select(user=users["national"], beneficiaries=rows, decree=world["decree"])


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (
            "national",
            {"step_verify", "step_select", "step_activate", "step_complete", "step_withdraw"},
        ),
        ("province", {"step_verify", "step_activate", "step_complete", "step_withdraw"}),
        ("regency", {"step_withdraw"}),
        ("viewer", set()),
    ],
)
def test_the_admin_offers_only_the_steps_the_user_may_take(world, role, offered):
    request = RequestFactory().get("/admin/programs/beneficiary/")
    request.user = world["users"][role]
    actions = admin.site._registry[Beneficiary].get_actions(request)
    assert {name for name in actions if name.startswith("step_")} == offered


def test_the_admin_select_step_asks_for_the_decree_then_selects(world, client):
    row = _row(world, S.VERIFIED)
    client.force_login(world["users"]["national"])
    url = "/admin/programs/beneficiary/"
    data = {"action": "step_select", "_selected_action": [row.pk]}
    page = client.post(url, data)
    assert page.status_code == 200 and "id_decree" in page.content.decode()
    client.post(url, {**data, "apply": "1", "decree": world["decree"].pk})
    row.refresh_from_db()
    assert row.status == S.SELECTED and row.decree == world["decree"]
