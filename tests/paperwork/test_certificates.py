"""Certificates: who gets one, their numbers and codes, revoking (issue 12)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from core.system import system_user
from trainings.models import Attendance, Certificate, Participant
from trainings.paperwork.services import (
    certificate_revoke,
    certificates_issue,
    participants_meeting_threshold,
)

BADUNG = "51.03"


def test_certificates_go_to_participants_meeting_the_threshold(demo):
    # The demo: 30 people present every day, but one missed the last day's sign-in.
    assert participants_meeting_threshold(demo.event).count() == 29
    issued = certificates_issue(event=demo.event, user=system_user())
    assert len(issued) == 29
    missing = Participant.objects.filter(event=demo.event).exclude(certificates__isnull=False)
    assert missing.count() == 1
    assert Attendance.objects.filter(participant=missing.get()).count() == 4


def test_a_lower_threshold_certifies_four_days_of_five(demo):
    demo.event.certificate_min_days = 4
    demo.event.save()
    assert len(certificates_issue(event=demo.event, user=system_user())) == 30


def test_numbers_follow_the_series_and_issuing_twice_adds_none(demo):
    certificates_issue(event=demo.event, user=system_user())
    numbers = list(Certificate.objects.filter(event=demo.event).values_list("number", flat=True))
    assert numbers[0] == "001/BIMTEK-TPBIS/VI/2021"
    assert numbers[-1] == "029/BIMTEK-TPBIS/VI/2021"
    assert certificates_issue(event=demo.event, user=system_user()) == []
    record = AuditEvent.objects.get(action="certificates_issue")
    assert record.row_count == 29


def test_codes_are_random_and_long(demo):
    certificates_issue(event=demo.event, user=system_user())
    codes = list(Certificate.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes) == 29
    # 24 base32 characters = 120 bits; never derived from an id or a sequence.
    assert all(len(code) == 24 and code.isalnum() and code.isupper() for code in codes)


def test_revoking_needs_a_reason_and_is_audited(demo):
    certificate = certificates_issue(event=demo.event, user=system_user())[0]
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, reason="  ", user=system_user())
    certificate_revoke(certificate=certificate, reason="Nama salah ketik", user=system_user())
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Nama salah ketik"
    assert AuditEvent.objects.filter(action="certificate_revoke", row_count=1).exists()
    assert certificate.history.filter(revoked_at__isnull=False).exists()
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, reason="again", user=system_user())


def test_a_revoked_certificate_is_followed_by_a_new_number(demo):
    first = certificates_issue(event=demo.event, user=system_user())[0]
    certificate_revoke(certificate=first, reason="Nama salah ketik", user=system_user())
    again = certificates_issue(event=demo.event, user=system_user())
    assert [c.participant_id for c in again] == [first.participant_id]
    assert again[0].number == "030/BIMTEK-TPBIS/VI/2021"


def test_a_viewer_may_not_issue_or_revoke(demo, make_staff):
    viewer = make_staff("viewer", level="national", role="viewer")
    with pytest.raises(PermissionDenied):
        certificates_issue(event=demo.event, user=viewer)
    certificate = certificates_issue(event=demo.event, user=system_user())[0]
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate=certificate, reason="x", user=viewer)


def test_a_bad_number_series_is_a_form_error(demo):
    demo.event.certificate_number_template = "{n}/{unknown}"
    with pytest.raises(ValidationError) as error:
        demo.event.full_clean()
    assert "certificate_number_template" in error.value.message_dict
