"""The admin speaks Indonesian unless its user chooses English (the header's switch, posting to
Django's set_language view), and every form with English fields groups them in one collapsed
"English (optional)" section."""

import pytest

from trainings.models import AgendaItem

pytestmark = pytest.mark.django_db


def choose(client, language: str, next_url: str = "/admin/"):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    return response


def test_the_admin_is_indonesian_by_default_with_a_switch_to_english(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert '<html lang="id"' in html
    assert "Keluar" in html  # Django's own "Log out"
    assert '<form id="language-form" method="post" action="/i18n/setlang/">' in html
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in html


def test_a_staff_member_who_chooses_english_gets_the_admin_in_english(admin_client, demo):
    choose(admin_client, "en")
    index = admin_client.get("/admin/").content.decode()
    assert '<html lang="en"' in index
    assert "Log out" in index and "Keluar" not in index
    assert 'value="id" lang="id">Bahasa Indonesia</button>' in index  # the way back

    page = admin_client.get(f"/admin/trainings/trainingevent/{demo.event.pk}/change/")
    html = page.content.decode()
    # Our own strings switch too: fieldsets, labels and the English section.
    assert "Where and when" in html and "Tempat dan waktu" not in html
    assert "English (optional)" in html
    assert "Title (English):" in html

    # The public site keeps its language in the URL: the root stays Indonesian.
    assert '<html lang="id"' in admin_client.get("/").content.decode()

    choose(admin_client, "id")
    assert (
        "Tempat dan waktu"
        in admin_client.get(
            f"/admin/trainings/trainingevent/{demo.event.pk}/change/"
        ).content.decode()
    )


def test_english_fields_sit_in_one_collapsed_section_on_each_form(admin_client, demo):
    event_page = admin_client.get(f"/admin/trainings/trainingevent/{demo.event.pk}/change/")
    html = event_page.content.decode()
    section = html.split("Bahasa Inggris (opsional)", 1)[1].split("</fieldset>", 1)[0]
    for field in ("title_en", "summary_en", "learning_goals_en", "health_protocol_en", "report_en"):
        assert f'name="{field}"' in section, field
    # Collapsed: Django 5 renders a collapsible fieldset as a closed <details>.
    before = html.split("Bahasa Inggris (opsional)", 1)[0]
    assert before.rfind("<details") > before.rfind("</details>")
    assert "Technical Guidance on Information" in section  # the demo's English title

    item = AgendaItem.objects.filter(event=demo.event).first()
    agenda = admin_client.get(f"/admin/trainings/agendaitem/{item.pk}/change/").content.decode()
    assert 'name="topic_en"' in agenda.split("Bahasa Inggris (opsional)", 1)[1]
    program = demo.event.cycle.program
    program_page = admin_client.get(f"/admin/programs/program/{program.pk}/change/")
    assert (
        'name="description_en"'
        in program_page.content.decode().split("Bahasa Inggris (opsional)", 1)[1]
    )


def test_the_english_text_typed_in_the_admin_reaches_the_english_page(admin_client, demo):
    """The agenda inline carries the English topic: what a coordinator types is what /en/
    shows (the rest of the event form round-trips unchanged)."""
    item = AgendaItem.objects.filter(event=demo.event, topic="Penutupan").get()
    response = admin_client.post(
        f"/admin/trainings/agendaitem/{item.pk}/change/",
        {
            "event": demo.event.pk,
            "day": item.day.isoformat(),
            "topic": item.topic,
            "topic_en": "Closing ceremony",
            "speaker": item.speaker,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = admin_client.get(f"/en/bimtek/{demo.event.slug}/")
    assert '<span lang="en">Closing ceremony' in html.content.decode()
