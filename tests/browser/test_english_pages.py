"""The English report pages (issue 16, with tests/english/; here to share the one Playwright
session of tests/browser/) in a real headless Chromium: the Bali 2021 Bimtek with its English
text, the national meeting without any (its Indonesian marked lang="id"); axe-core finds no
violation on either (WCAG 2.1 A/AA and best practices, as tests/browser/ checks every page)."""

import json

import pytest

from tests.browser.test_public_pages import AXE, AXE_RUN, AXE_TAGS
from trainings.demo import EVENT_SLUG
from trainings.demo_english import EVENT_TITLE_EN
from trainings.demo_national import NATIONAL_SLUG, NATIONAL_TITLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the text in <main> is in: the languages of its marked elements' text.
LANGS_IN_MAIN = """() => {
  const main = document.querySelector('main');
  return [...main.querySelectorAll('[lang]')].map(el => el.getAttribute('lang'));
}"""


def test_english_report_pages_with_and_without_english_text_pass_axe(live_server, browser):
    from trainings.demo import demo_seed

    demo_seed()
    results = {}
    for slug, heading, heading_lang in (
        (EVENT_SLUG, EVENT_TITLE_EN, "en"),
        (NATIONAL_SLUG, NATIONAL_TITLE, "id"),
    ):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        response = page.goto(f"{live_server.url}/en/bimtek/{slug}/", wait_until="load")
        assert response.status == 200
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text("h1") == heading
        assert page.get_attribute("h1", "lang") == heading_lang
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        results[slug] = {
            "violations": violations,
            "langs": sorted(set(page.evaluate(LANGS_IN_MAIN))),
        }
        print(f"AXE en {slug} violations={len(violations)} langs={results[slug]['langs']}")
        context.close()
    assert results[EVENT_SLUG]["violations"] == [], json.dumps(results, indent=1)
    assert results[NATIONAL_SLUG]["violations"] == [], json.dumps(results, indent=1)
    assert results[EVENT_SLUG]["langs"] == ["en"]  # every record text in English
    assert "id" in results[NATIONAL_SLUG]["langs"]  # the fallback is marked
