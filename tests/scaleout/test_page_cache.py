"""Cached public pages (core/cache.py, portal/caching.py): served again without the database,
invalidated as soon as a public record changes, never for staff, with validators a proxy can
use."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from core import cache as core_cache
from core.audit import audit_bulk
from core.cache import VERSION_KEY, cache_public_page
from trainings.demo import EVENT_SLUG
from trainings.models import TrainingEvent
from trainings.services import event_publish, event_unpublish
from villages.models import VillageLibrary

EVENT_URL = f"/bimtek/{EVENT_SLUG}/"

pytestmark = pytest.mark.usefixtures("page_cache")


def test_an_anonymous_page_is_served_again_without_a_query(client, demo, django_assert_num_queries):
    first = client.get(EVENT_URL)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(EVENT_URL)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"] and "max-age=30" in again["Cache-Control"]
    assert "Cookie" in again["Vary"]
    assert again.has_header("Last-Modified")
    assert not again.cookies  # nothing personal, nothing per visitor


def test_a_conditional_request_gets_304(client, demo):
    etag = client.get("/")["ETag"]
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_each_language_and_query_is_its_own_page(client, demo):
    assert 'lang="id"' in client.get("/bimtek/").content.decode()
    assert 'lang="en"' in client.get("/en/bimtek/").content.decode()
    assert 'lang="id"' in client.get("/bimtek/").content.decode()
    mengwi = "perpustakaan-desa-mengwi-badung"
    assert mengwi in client.get("/penerima-manfaat/").content.decode()
    assert mengwi not in client.get("/penerima-manfaat/?q=tidak-ada").content.decode()
    assert mengwi in client.get("/penerima-manfaat/?q=Mengwi").content.decode()


def test_unpublishing_and_publishing_an_event_is_seen_at_once(client, demo):
    assert client.get(EVENT_URL).status_code == 200
    assert EVENT_SLUG in client.get("/").content.decode()
    event = TrainingEvent.objects.get(slug=EVENT_SLUG)
    event_unpublish(event=event)
    assert client.get(EVENT_URL).status_code == 404
    assert EVENT_SLUG not in client.get("/").content.decode()
    event_publish(event=event)
    assert client.get(EVENT_URL).status_code == 200
    assert EVENT_SLUG in client.get("/").content.decode()


def test_an_edit_through_the_model_invalidates_the_report(client, demo):
    client.get(EVENT_URL)
    TrainingEvent.objects.filter(slug=EVENT_SLUG).first().save()  # post_save, as the admin does
    event = TrainingEvent.objects.get(slug=EVENT_SLUG)
    event.title = "Judul Baru Bimtek"
    event.save()
    assert "Judul Baru Bimtek" in client.get(EVENT_URL).content.decode()


def test_staff_get_fresh_pages_and_drafts(admin_client, demo):
    event = TrainingEvent.objects.get(slug=EVENT_SLUG)
    event_unpublish(event=event)
    assert Client().get(EVENT_URL).status_code == 404
    staff = admin_client.get(EVENT_URL)  # the staff preview of a draft
    assert staff.status_code == 200
    assert "no-store" in staff["Cache-Control"]
    home = admin_client.get("/")
    assert "private" in home["Cache-Control"] and "public" not in home["Cache-Control"]


def test_a_staff_page_is_never_served_to_the_public(client, django_user_model, demo):
    staff_client = Client()
    staff_client.force_login(django_user_model.objects.create_superuser("s", "s@example.org", "x"))
    event = TrainingEvent.objects.get(slug=EVENT_SLUG)
    event_unpublish(event=event)
    assert staff_client.get(EVENT_URL).status_code == 200
    assert client.get(EVENT_URL).status_code == 404


def test_a_page_that_asked_for_a_csrf_token_is_not_stored():
    calls = []

    @cache_public_page
    def with_form(request):
        calls.append(1)
        return HttpResponse(get_token(request))

    factory = RequestFactory()
    first = with_form(factory.get("/form/"))
    second = with_form(factory.get("/form/"))
    assert len(calls) == 2  # each visitor gets a token of their own
    assert first.content != second.content


def test_the_sitemap_is_an_index_of_cached_paginated_sections(client, demo, settings):
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    for section in ("pages", "events", "libraries", "regions"):
        assert f"http://testserver/sitemap-{section}.xml" in index
    libraries = client.get("/sitemap-libraries.xml")
    assert "perpustakaan-desa-mengwi-badung" in libraries.content.decode()
    assert "public" in libraries["Cache-Control"]


def test_sections_are_paginated(client, demo, monkeypatch):
    from portal.sitemaps import LibrarySitemap

    monkeypatch.setattr(LibrarySitemap, "limit", 2)
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-libraries.xml?p=2" in index
    page_two = client.get("/sitemap-libraries.xml?p=2").content.decode()
    assert page_two.count("<url>") == 2


def test_an_audited_bulk_write_invalidates_the_pages(client, demo):
    """Bulk writes send no per-row signal; their audit record does."""
    client.get("/penerima-manfaat/")
    libraries = VillageLibrary.objects.filter(slug="perpustakaan-desa-mengwi-badung")
    libraries.update(is_active=False)
    audit_bulk(user=None, action="bulk_update", model=VillageLibrary, pks=[libraries[0].pk])
    page = client.get("/penerima-manfaat/").content.decode()
    assert "perpustakaan-desa-mengwi-badung" not in page


def test_another_servers_change_is_seen_within_a_second(client, demo):
    client.get("/bimtek/")
    TrainingEvent.objects.filter(slug=EVENT_SLUG).update(title="Diubah di Server Lain")
    cache.incr(VERSION_KEY)  # what the other server's bump does to the shared cache
    core_cache._memo[1] -= core_cache.VERSION_MEMO_SECONDS  # half a second later
    assert core_cache.VERSION_MEMO_SECONDS <= 0.5
    assert "Diubah di Server Lain" in client.get("/bimtek/").content.decode()
