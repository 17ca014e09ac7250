import csv
import io

import pytest
from django.urls import reverse

from tests.programs.factories import BeneficiaryFactory

from .data import build_world


@pytest.fixture
def world(db):
    return build_world()


def post_action(client, url, action, pks):
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def rows_of(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_participant_action_exports_the_selection_as_csv(admin_client, world):
    url = reverse("admin:trainings_participant_changelist")
    chosen = world["people_a1"][:3]
    response = post_action(admin_client, url, "export_peserta_csv", [p.pk for p in chosen])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert sorted(r[1] for r in rows[1:]) == sorted(p.full_name for p in chosen)


def test_participant_action_never_exports_rows_outside_the_users_scope(client, world, make_staff):
    user = make_staff("prov-admin", level="province", province="40")
    client.force_login(user)
    url = reverse("admin:trainings_participant_changelist")
    outside = world["person_b"]
    inside = world["person_a2"]
    response = post_action(client, url, "export_peserta_csv", [inside.pk, outside.pk])
    names = [r[1] for r in rows_of(response)[1:]] if response.status_code == 200 else []
    assert outside.full_name not in names


def test_participant_action_attendance_sheet_pdf(admin_client, world):
    url = reverse("admin:trainings_participant_changelist")
    response = post_action(admin_client, url, "export_peserta_pdf", [world["person_a2"].pk])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_beneficiary_action_exports_xlsx(admin_client, world):
    b = BeneficiaryFactory(cycle=world["cycle"], library=world["person_b"].library)
    url = reverse("admin:programs_beneficiary_changelist")
    response = post_action(admin_client, url, "export_penerima_manfaat_xlsx", [b.pk])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_changelist_offers_the_export_actions(admin_client, world):
    body = admin_client.get(reverse("admin:trainings_participant_changelist")).content.decode()
    assert 'value="export_peserta_csv"' in body and 'value="export_peserta_xlsx"' in body
