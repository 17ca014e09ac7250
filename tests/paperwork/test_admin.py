"""The certificates' admin: read-only list in scope, revoke with a required reason."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from core.models import AuditEvent
from core.system import system_user
from trainings.models import Certificate
from trainings.paperwork.services import certificates_issue

URL = "/admin/trainings/certificate/"


def test_the_list_shows_the_event_certificates(admin_client, demo, django_assert_max_num_queries):
    certificates_issue(event=demo.event, user=system_user())
    with django_assert_max_num_queries(20):
        response = admin_client.get(URL, {"event__id__exact": demo.event.pk})
    assert response.status_code == 200
    assert "001/BIMTEK-TPBIS/VI/2021" in response.content.decode()


def test_revoke_without_a_reason_asks_again(admin_client, demo):
    certificate = certificates_issue(event=demo.event, user=system_user())[0]
    data = {"action": "revoke", ACTION_CHECKBOX_NAME: [certificate.pk], "apply": "1", "reason": ""}
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()  # the reason is required
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_revoke_with_a_reason(admin_client, demo):
    certificate = certificates_issue(event=demo.event, user=system_user())[0]
    data = {
        "action": "revoke",
        ACTION_CHECKBOX_NAME: [certificate.pk],
        "apply": "1",
        "reason": "Tidak hadir penuh",
    }
    response = admin_client.post(URL, data, follow=True)
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Tidak hadir penuh"
    assert AuditEvent.objects.filter(action="certificate_revoke").count() == 1
    assert admin_client.get(f"/sertifikat/{certificate.code}/").status_code == 200


def test_a_regency_coordinator_sees_only_their_regencys_certificates(client, demo, make_staff):
    certificates_issue(event=demo.event, user=system_user())
    client.force_login(make_staff("badung", level="regency", code="51.03"))
    response = client.get(URL)
    assert response.status_code == 200
    shown = response.context["cl"].result_count
    assert shown == Certificate.objects.filter(participant__library__regency_id="51.03").count()
    assert 0 < shown < 29
