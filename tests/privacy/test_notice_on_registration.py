"""Whoever registers a participant in the admin sees the privacy notice under the form."""

from django.urls import reverse


def test_participant_add_and_change_forms_carry_the_privacy_notice(admin_client, demo):
    for url in (
        reverse("admin:trainings_participant_add"),
        reverse("admin:trainings_participant_change", args=[demo.event.participants.first().pk]),
    ):
        page = admin_client.get(url).content.decode()
        assert 'class="privacy-notice' in page, url
        assert 'href="/privasi/"' in page, url
