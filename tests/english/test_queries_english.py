"""The English pages cost the same queries as the Indonesian ones: the English text lives in
the same rows (core/localized.py), so no page grows an N+1 by speaking English."""

import pytest

from tests.public.test_queries import BUDGET, build
from trainings.models import AgendaItem, TrainingEvent

pytestmark = pytest.mark.django_db

PAGES = ["home", "events", "event", "region-province", "library"]


@pytest.mark.parametrize("n", [1, 50])
def test_english_pages_stay_within_the_public_query_budget(
    client, django_assert_max_num_queries, n
):
    urls = build(n)
    TrainingEvent.objects.update(title_en="English title", summary_en="English summary")
    AgendaItem.objects.update(topic_en="English topic")
    for name in PAGES:
        url = urls[name] if urls[name].startswith("/en/") else "/en" + urls[name]
        with django_assert_max_num_queries(BUDGET[name], info=f"{name} at {n} rows: {url}"):
            response = client.get(url)
        assert response.status_code == 200, url
        if name in ("events", "event"):
            assert "English title" in response.content.decode()
