"""The public pages on the Bali 2021 demo: what a visitor sees, in both languages."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from programs.models import Beneficiary
from tests.villages.factories import ProvinceFactory
from trainings.demo import EVENT_SLUG
from trainings.models import HealthScreening, Participant, TrainingEvent
from villages.models import VillageLibrary

pytestmark = pytest.mark.django_db

EVENT_URL = f"/bimtek/{EVENT_SLUG}/"
MENGWI_URL = "/perpustakaan/perpustakaan-desa-mengwi-badung/"
BADUNG = ["Mengwi", "Kutuh", "Abiansemal", "Punggul", "Baha"]


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def sitemap_text(client) -> str:
    """The sitemap index and every section page it lists, as one text."""
    index = html(client, "/sitemap.xml")
    pages = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index)
    assert pages, index
    return index + "".join(html(client, page) for page in pages)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_regency_page_lists_badungs_five_libraries_for_2021(client, demo, prefix):
    page = html(client, f"{prefix}/wilayah/51.03/")
    assert "Kabupaten Badung" in page
    assert "2021" in page
    for village in BADUNG:
        assert f"Perpustakaan Desa {village}" in page
    for elsewhere in ("Banjarangkan", "Penebel"):  # Klungkung's and Tabanan's stay off
        assert f"Perpustakaan Desa {elsewhere}" not in page
    assert EVENT_URL.lstrip("/") in page  # the event its libraries attended


def test_province_page_shows_three_regencies_twelve_libraries_and_the_event(client, demo):
    page = html(client, "/wilayah/51/")
    for regency in ("Kabupaten Badung", "Kabupaten Klungkung", "Kabupaten Tabanan"):
        assert regency in page
    # 2021: the article's 12; 2022 (sample): the province's, Badung's and one village library
    # selected by the sample decree; and one replicating village, listed apart.
    assert page.count('href="/perpustakaan/') == 12 + 3 + 1
    assert EVENT_URL in page


@pytest.mark.parametrize(
    "code",
    ["51.03.02", "51.03.02.2009", "99", "99.99", "xx", "51.3", "5", "%00", "51.03.02.2009.1"],
)
def test_region_page_answers_404_for_districts_villages_and_garbage(client, demo, code):
    assert client.get(f"/wilayah/{code}/").status_code == 404


def test_event_report_tells_the_seed_articles_facts(client, demo):
    page = html(client, EVENT_URL)
    for fact in (
        "Bimbingan Teknis Strategi Pengembangan Teknologi Informasi dan Komunikasi",
        "Perpustakaan Nasional Republik Indonesia",
        "Dinas Kearsipan dan Perpustakaan Provinsi Bali",
        "28 Juni 2021",
        "2 Juli 2021",
        "Hotel Swiss-Belhotel Tuban",
        "Luh Ayu Aryani",
        "Plt. Kepala Dinas Kearsipan dan Perpustakaan Provinsi Bali",
        "Muhammad Syarif Bando",
        "Nurhadisaputra",
        "Koordinator Pengembangan Perpustakaan Umum",
        "diwakili oleh",
        "Kabupaten Badung",
        "Kabupaten Klungkung",
        "Kabupaten Tabanan",
        "Memahami konsep perpustakaan berbasis inklusi sosial",
        "Menyusun program dan strategi perpustakaan",
        "Pembukaan",
        "Penutupan",
        "antigen",
        "Covid-19",
        "wahana pembelajaran bersama",
        "450",
        "32",
    ):
        assert fact in page, fact
    assert "30 orang (15 perempuan, 15 laki-laki)" in page
    assert "12 perpustakaan desa di 3 kabupaten" in page
    for village in [
        *BADUNG,
        "Banjarangkan",
        "Manduang",
        "Sampalan Tengah",
        "Pikat",
        "Delod Peken",
        "Dauh Peken",
        "Penebel",
    ]:
        assert f">{village}</a>" in page, village


def test_event_report_in_english_keeps_the_records_and_translates_the_labels(client, demo):
    page = html(client, f"/en{EVENT_URL}")
    assert "represented by" in page
    assert "30 people (15 women, 15 men)" in page
    assert "28 June 2021" in page
    assert 'lang="en"' in page


def test_draft_event_is_hidden_everywhere_and_its_url_answers_404(client, demo):
    draft = TrainingEvent.objects.get(slug=EVENT_SLUG)
    draft.pk = None
    draft.slug = "draf-bimtek-rahasia"
    draft.title = "Draf Bimtek Rahasia"
    draft.status = TrainingEvent.Status.DRAFT
    draft.save()
    assert client.get("/bimtek/draf-bimtek-rahasia/").status_code == 404
    assert client.get("/en/bimtek/draf-bimtek-rahasia/").status_code == 404
    for url in ("/", "/bimtek/", "/wilayah/51/", "/wilayah/51.03/", MENGWI_URL):
        assert "Draf Bimtek Rahasia" not in html(client, url), url
        assert "draf-bimtek-rahasia" not in html(client, url), url
    assert "draf-bimtek-rahasia" not in sitemap_text(client)


def test_inactive_library_is_hidden_and_its_page_answers_404(client, demo):
    VillageLibrary.objects.filter(village__code="51.03.02.2009").update(is_active=False)
    assert client.get(MENGWI_URL).status_code == 404
    for url in ("/penerima-manfaat/", "/wilayah/51.03/"):
        assert "perpustakaan-desa-mengwi-badung" not in html(client, url), url
    assert "perpustakaan-desa-mengwi-badung" not in sitemap_text(client)
    assert "51.03.02.2009" not in client.get("/penerima-manfaat/unduh.csv").getvalue().decode()


def test_library_page_shows_region_path_with_codes_history_and_attendance_count(client, demo):
    page = html(client, MENGWI_URL)
    for part in ("Mengwi", "51.03.02.2009", "51.03.02", "Kabupaten Badung", "51.03", "Bali"):
        assert part in page
    assert "Transformasi Perpustakaan Berbasis Inklusi Sosial, siklus 2021" in page
    people = Participant.objects.filter(
        library__slug="perpustakaan-desa-mengwi-badung", event__slug=EVENT_SLUG
    ).count()  # (the Bimtek's row; the demo's national event has a row of its own)
    assert f"{people} orang dari perpustakaan ini ikut serta" in page
    assert EVENT_URL in page


def test_home_shows_the_2021_figures_and_the_latest_report(client, demo):
    page = html(client, "/")
    assert "Siklus 2021" in page
    assert EVENT_URL in page
    # The seed article's figures: 12 libraries in 1 province, 3 regencies (the demo's Jawa
    # Barat libraries replicate with village funds and are counted apart); 2 events (the
    # Bimtek and the national meeting), 37 participations.
    block = page[page.index("Siklus 2021") :]
    block = block[: block.index("Sasaran siklus")]
    figures = re.findall(r">(\d+)<", block)
    assert figures[:5] == ["12", "1", "3", "2", "37"], figures


def test_beneficiary_list_filters_by_cycle_region_and_name(client, demo):
    page = html(client, "/penerima-manfaat/?cycle=2021&province=51&regency=51.05")
    assert page.count('href="/perpustakaan/') == 4
    page = html(client, "/penerima-manfaat/?q=peken")
    assert page.count('href="/perpustakaan/') == 2  # Delod Peken, Dauh Peken
    page = html(client, "/penerima-manfaat/")
    # Only what a decree named: never the sample 2022 cycle's proposed library nor the
    # replicating village (listed apart)
    assert page.count('href="/perpustakaan/') == Beneficiary.objects.public().count()
    assert "perpustakaan-desa-wanagiri" not in page and "gunung-salak" not in page
    assert "Bali</a>: 15" in page  # counts by province: 2021's 12, 2022's 3 (sample)


@pytest.mark.parametrize(
    "query",
    [
        "page=zz",
        "page=999",
        "page=-1",
        "cycle=1999",
        "cycle=abc",
        "province=99",
        "province=51&regency=52.01",
        "regency=51.03.02",
        "q=" + "x" * 500,
        "cycle=2021&page=1%00",
        "q=%00",
        "province=%00",
    ],
)
def test_beneficiary_list_reports_bad_parameters_instead_of_failing(client, demo, query):
    page = html(client, f"/penerima-manfaat/?{query}")
    assert 'class="alert alert-warning"' in page
    assert 'href="/perpustakaan/' in page  # still a useful page


@pytest.mark.parametrize("query", ["page=zz", "cycle=abc", "province=0", "cycle=2021&province=51"])
def test_event_list_validates_its_parameters(client, demo, query):
    page = html(client, f"/bimtek/?{query}")
    assert EVENT_URL in page
    if query != "cycle=2021&province=51":
        assert 'class="alert alert-warning"' in page


def test_event_list_filters_out_other_provinces(client, demo):
    other = ProvinceFactory()
    page = html(client, f"/bimtek/?province={other.code}")
    assert EVENT_URL not in page
    assert "alert-warning" not in page


def csv_rows(response) -> list[list[str]]:
    data = response.getvalue()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so Excel reads the accents right"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_beneficiary_csv_is_the_current_filter_as_open_data(client, demo):
    response = client.get("/penerima-manfaat/unduh.csv?regency=51.03&cycle=2021")
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="penerima-manfaat-tpbis.csv"' == response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == [
        "Siklus",
        "Status",
        "Perpustakaan",
        "Kode desa",
        "Desa",
        "Kecamatan",
        "Kabupaten/kota",
        "Provinsi",
        "Halaman perpustakaan",
    ]
    assert sorted(r[4] for r in rows[1:]) == sorted(BADUNG)
    assert {r[3] for r in rows[1:]} >= {"51.03.02.2009", "51.03.05.2003"}
    mengwi = next(r for r in rows[1:] if r[3] == "51.03.02.2009")
    assert mengwi[0] == "2021" and mengwi[2] == "Perpustakaan Desa Mengwi"
    assert mengwi[5:8] == ["Mengwi", "Kabupaten Badung", "Bali"]
    assert mengwi[8] == "http://testserver" + MENGWI_URL
    assert response.getvalue().count(b"\r\n") == 0, "one line end, as every export: \\n"


def test_beneficiary_csv_in_english_has_english_headers_labels_and_addresses(client, demo):
    rows = csv_rows(client.get("/en/penerima-manfaat/unduh.csv?regency=51.03&cycle=2021"))
    assert rows[0][:3] == ["Cycle", "Status", "Library"] and rows[0][-1] == "Library page"
    mengwi = next(r for r in rows[1:] if r[3] == "51.03.02.2009")
    assert mengwi[8] == "http://testserver/en" + MENGWI_URL
    assert {r[1] for r in rows[1:]} <= {"proposed", "selected", "active", "completed", "withdrawn"}


def test_beneficiary_csv_filters_by_search_and_cycle_and_writes_no_audit_record(client, demo):
    from core.models import AuditEvent

    before = AuditEvent.objects.count()  # the demo's workflow steps are on the trail
    rows = csv_rows(client.get("/penerima-manfaat/unduh.csv?q=Mengwi&cycle=2021"))
    assert [r[3] for r in rows[1:]] == ["51.03.02.2009"]
    assert AuditEvent.objects.count() == before, "public open data: no record per download"


def test_beneficiary_csv_neutralises_spreadsheet_formulas(client, demo):
    VillageLibrary.objects.filter(village__code="51.03.02.2009").update(
        name='=HYPERLINK("http://evil.example","x")'
    )
    VillageLibrary.objects.filter(village__code="51.03.05.2003").update(name="@SUM(1+1)")
    VillageLibrary.objects.filter(village__code="51.03.03.2008").update(name="\t-2+3")
    VillageLibrary.objects.filter(village__code="51.03.03.2014").update(name="'=already(1)")
    rows = csv_rows(client.get("/penerima-manfaat/unduh.csv"))
    names = {r[2] for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert "'@SUM(1+1)" in names
    assert "'\t-2+3" in names
    assert "''=already(1)" in names  # guarded too, so an import can undo the guard exactly
    assert not any(n[:1] in "=+-@\t\r" for n in names if n)


def public_urls() -> list[str]:
    urls = [
        "/",
        "/penerima-manfaat/",
        "/penerima-manfaat/?cycle=2021&province=51&regency=51.03",
        "/wilayah/51/",
        "/wilayah/51.03/",
        "/wilayah/51.05/",
        "/wilayah/51.02/",
        "/bimtek/",
        EVENT_URL,
        "/sitemap.xml",
        "/robots.txt",
        "/wilayah/51.03.02/",  # the 404 page
    ]
    urls += [library.get_absolute_url() for library in VillageLibrary.objects.all()]
    return (
        urls
        + [
            "/en" + url
            for url in urls
            if url.startswith(("/penerima", "/wilayah", "/bimtek", "/perpustakaan"))
        ]
        + ["/en/"]
    )


def test_no_public_page_or_download_shows_personal_or_health_data(client, demo):
    participants = list(Participant.objects.all())
    assert len(participants) == 37  # the Bimtek's 30 and the national event's 7 (issue 11)
    secrets = set()
    for p in participants:
        secrets |= {p.full_name, p.phone, p.email, p.phone.replace("+62", "0")}
    VillageLibrary.objects.update(phone="+6281299990000", email="pustaka@example.org")
    secrets |= {"+6281299990000", "081299990000", "pustaka@example.org"}
    bodies = {}
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        bodies[url] = response.content.decode()
    for prefix in ("", "/en"):
        bodies[f"{prefix}/penerima-manfaat/unduh.csv"] = (
            client.get(f"{prefix}/penerima-manfaat/unduh.csv").getvalue().decode()
        )
    screening_words = [str(label) for label in HealthScreening.Result.labels] + [
        "negatif",
        "positif",
    ]
    for url, body in bodies.items():
        for secret in secrets:
            assert secret not in body, (url, secret)
        assert "@example.org" not in body, url
        if "swab antigen negatif" in body:  # the event's own health-protocol text, no results
            body = body.replace("swab antigen negatif", "")
        for word in screening_words:
            for phrase in (f"Hasil: {word}", f"Result: {word}", f">{word}<"):
                assert phrase.lower() not in body.lower(), (url, phrase)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_has_language_switch_meta_description_and_open_graph(client, demo, prefix):
    for url in ("/", "/penerima-manfaat/", "/wilayah/51.03/", MENGWI_URL, "/bimtek/", EVENT_URL):
        full = url if not prefix else prefix + url
        page = html(client, full)
        assert '<meta name="description" content="' in page
        for prop in ("og:title", "og:description", "og:type", "og:url", "og:locale"):
            assert f'property="{prop}"' in page, (full, prop)
        other = "/en" + url if not prefix else url
        assert f'href="{other}"' in page, (full, "language switch")
        assert f'<html lang="{"en" if prefix else "id"}">' in page


def test_language_switch_keeps_the_filter(client, demo):
    page = html(client, "/penerima-manfaat/?cycle=2021&province=51")
    assert 'href="/en/penerima-manfaat/?cycle=2021&amp;province=51"' in page


def test_indonesian_is_the_default_whatever_the_browser_asks(client, demo):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page
    assert "Penerima manfaat" in page


def test_sitemap_lists_every_public_page_in_both_languages(client, demo):
    body = sitemap_text(client)
    for path in (
        "/",
        "/penerima-manfaat/",
        "/bimtek/",
        EVENT_URL,
        MENGWI_URL,
        "/wilayah/51/",
        "/wilayah/51.03/",
    ):
        assert f"http://testserver{path}</loc>" in body, path
        assert f"http://testserver/en{path}</loc>" in body, path
    assert 'hreflang="en"' in body


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    body = html(client, "/robots.txt")
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_404_page_is_in_the_sites_look(client, demo):
    page = html(client, "/perpustakaan/tidak-ada/", status=404)
    assert "Halaman tidak ditemukan" in page
    assert 'href="/penerima-manfaat/"' in page  # the site's navigation


def test_500_page_renders_without_a_request_context():
    from django.template import loader

    with translation.override("id"):
        page = loader.get_template("500.html").render()
    assert "Terjadi kesalahan" in page
    assert reverse("home") in page


def test_403_page_is_in_the_sites_look(rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    with translation.override("id"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()
