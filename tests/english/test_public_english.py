"""English readers get the English text where a coordinator wrote it, and the Indonesian,
marked lang="id", where nobody did; Indonesian readers always get the Indonesian."""

import re

import pytest

from trainings.demo import EVENT_SLUG, REPORT
from trainings.demo_english import EVENT_TITLE_EN, REPORT_EN, SUMMARY_EN
from trainings.demo_national import NATIONAL_SLUG, NATIONAL_TITLE
from trainings.models import TrainingEvent

pytestmark = pytest.mark.django_db

BALI_EN = f"/en/bimtek/{EVENT_SLUG}/"


def first_paragraph(text: str) -> str:
    return text.split("\n\n")[0].replace("\n", " ")


def test_english_event_page_shows_the_english_text_marked_english(client, demo):
    html = client.get(BALI_EN).content.decode()
    assert f'<h1 lang="en">{EVENT_TITLE_EN}</h1>' in html
    assert f'<p class="lead lead-muted" lang="en">{SUMMARY_EN}</p>' in html
    assert f"<title>{EVENT_TITLE_EN}" in html
    assert re.search(rf'<meta property="og:title" content="{re.escape(EVENT_TITLE_EN)}"', html)
    assert re.search(rf'<meta name="description" content="{re.escape(SUMMARY_EN)}"', html)
    assert '<div class="report-narrative" lang="en">' in html
    assert first_paragraph(REPORT_EN)[:80] in html
    assert "Understand library information technology" in html  # a learning goal
    assert '<span lang="en">Opening' in html  # an agenda topic
    # None of the Indonesian narrative leaks in beside the English.
    assert first_paragraph(REPORT)[:80] not in html
    assert 'lang="id"' not in html.split("<main", 1)[1].split("</main>")[0]


def test_indonesian_event_page_keeps_the_indonesian_whatever_english_exists(client, demo):
    html = client.get(f"/bimtek/{EVENT_SLUG}/").content.decode()
    assert f'<h1 lang="id">{demo.event.title}</h1>' in html
    assert first_paragraph(REPORT)[:80] in html
    assert EVENT_TITLE_EN not in html and REPORT_EN[:60] not in html


def test_event_without_english_falls_back_to_the_indonesian_marked_id(client, demo):
    html = client.get(f"/en/bimtek/{NATIONAL_SLUG}/").content.decode()
    assert f'<h1 lang="id">{NATIONAL_TITLE}</h1>' in html
    summary = TrainingEvent.objects.get(slug=NATIONAL_SLUG).summary
    assert f'<p class="lead lead-muted" lang="id">{summary}</p>' in html
    # The page's own words are English all the same.
    assert '<html lang="en"' in html and "Participating village libraries" in html


def test_lists_and_home_show_each_event_in_the_language_it_has(client, demo):
    events = client.get("/en/bimtek/").content.decode()
    assert f'lang="en">{EVENT_TITLE_EN}</a>' in events
    assert f'lang="id">{NATIONAL_TITLE}</a>' in events
    home = client.get("/en/").content.decode()
    assert "Library Transformation Based on Social Inclusion (TPBIS)" in home  # program text
    assert f'lang="en">{SUMMARY_EN}</p>' in home
    assert EVENT_TITLE_EN not in client.get("/bimtek/").content.decode()


def test_a_blank_english_field_counts_as_empty(client, demo):
    TrainingEvent.objects.filter(slug=EVENT_SLUG).update(title_en="   ", report_en="")
    html = client.get(BALI_EN).content.decode()
    assert f'<h1 lang="id">{demo.event.title}</h1>' in html
    assert '<div class="report-narrative" lang="id">' in html


def test_library_description_in_english_when_written_else_marked_indonesian(client, demo):
    from villages.models import VillageLibrary

    library = VillageLibrary.objects.get(slug="perpustakaan-desa-mengwi-badung")
    VillageLibrary.objects.filter(pk=library.pk).update(
        description="Perpustakaan desa di balai desa.", description_en=""
    )
    url = f"/perpustakaan/{library.slug}/"  # not reverse(): the active language may be en
    fallback = client.get("/en" + url).content.decode()
    assert '<p class="report-narrative" lang="id">Perpustakaan desa di balai desa.</p>' in fallback
    VillageLibrary.objects.filter(pk=library.pk).update(description_en="A library in the hall.")
    english = client.get("/en" + url).content.decode()
    assert '<p class="report-narrative" lang="en">A library in the hall.</p>' in english
    assert "A library in the hall." not in client.get(url).content.decode()
