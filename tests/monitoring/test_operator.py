"""The Mengwi library's operator (one library scope, H6's role): only their library's reports,
in the staff form and in the admin; never another library's, never an approval."""

import pytest
from django.urls import reverse

from monitoring.models import MonthlyReport

MENGWI = "perpustakaan-desa-mengwi-badung"
BAHA = "perpustakaan-desa-baha-badung"


@pytest.fixture
def operator(reports, django_user_model):
    from portal.services import user_access_grant

    user = django_user_model.objects.create_user("operator-mengwi-t", password="x-Pw-123")
    user_access_grant(user=user, level="library", code=MENGWI, contacts=False, health=False)
    return user


def test_operator_sees_only_their_library(client, operator):
    client.force_login(operator)
    home = client.get(reverse("monitoring:report-home"))
    assert home.status_code == 302 and MENGWI in home["Location"]
    assert client.get(reverse("monitoring:library-months", args=[BAHA])).status_code == 404
    assert client.get(reverse("monitoring:report-edit", args=[BAHA, "2026-11"])).status_code == 404
    changelist = client.get(reverse("admin:monitoring_monthlyreport_changelist"))
    assert changelist.status_code == 200
    shown = changelist.context["cl"].queryset
    assert shown.exists() and not shown.exclude(library__slug=MENGWI).exists()
    baha = MonthlyReport.objects.filter(library__slug=BAHA).first()
    change = client.get(reverse("admin:monitoring_monthlyreport_change", args=[baha.pk]))
    assert change.status_code in (302, 404)  # the admin's "does not exist" redirect, or 404
    action_form = changelist.context["action_form"]  # None: no action offered at all
    assert action_form is None or "approve" not in str(action_form.fields["action"].choices)


def test_operator_cannot_approve(client, operator):
    client.force_login(operator)
    own = MonthlyReport.objects.filter(library__slug=MENGWI, status="approved").first()
    MonthlyReport.objects.filter(pk=own.pk).update(status="submitted")
    client.post(
        reverse("admin:monitoring_monthlyreport_changelist"),
        {"action": "approve", "_selected_action": [own.pk]},
    )
    own.refresh_from_db()
    assert own.status == "submitted"


@pytest.mark.parametrize(
    "name",
    ["programs_beneficiary", "trainings_participant", "trainings_trainingevent", "auth_user"],
)
def test_operator_gets_403_on_other_admin_lists(client, operator, name):
    client.force_login(operator)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403
