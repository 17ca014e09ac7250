import pytest
from django.urls import reverse

from trainings.demo import EVENT_SLUG
from trainings.models import AgendaItem, Participant, TrainingEvent

pytestmark = pytest.mark.django_db


def test_the_report_says_its_demo_participants_are_sample_data(client, demo):
    url = reverse("trainings:event-detail", kwargs={"slug": EVENT_SLUG})
    html = client.get(url).content.decode()
    assert "30 di antaranya adalah data contoh" in html

    Participant.objects.update(is_sample=False)
    assert "data contoh" not in client.get(url).content.decode()


def test_the_demo_agenda_invents_no_times(demo):
    # The seed article gives days and topics, never hours.
    assert not AgendaItem.objects.exclude(start_time=None, end_time=None).exists()


def test_english_pages_mark_the_records_indonesian_text_as_indonesian(client, demo):
    # Records are kept in Indonesian; a screen reader must read them as Indonesian on /en/
    # wherever no English was written (tests/english/ covers the English twins).
    TrainingEvent.objects.filter(slug=EVENT_SLUG).update(report_en="", learning_goals_en="")
    html = client.get(f"/en/bimtek/{EVENT_SLUG}/").content.decode()
    assert '<html lang="en"' in html
    assert '<div class="report-narrative" lang="id">' in html
    assert '<ul lang="id"><li>Memahami konsep perpustakaan berbasis inklusi sosial' in html
