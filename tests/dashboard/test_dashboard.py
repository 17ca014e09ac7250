"""The public dashboard: the demo against its targets, the tile map, charts with tables,
both languages, and a query count that does not grow with the records."""

import re

import pytest

from portal.dashboard import FIGURES, PALETTE, TILES, classes_for
from tests.programs.factories import BeneficiaryFactory, ProgramCycleFactory
from tests.trainings.factories import AttendanceFactory, ParticipantFactory, TrainingEventFactory
from tests.villages.factories import DistrictFactory, VillageLibraryFactory
from villages.models import Province

pytestmark = pytest.mark.django_db


def test_the_grid_has_one_tile_per_official_province_and_no_two_share_a_place():
    import gzip
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.BASE_DIR) / "villages/data/idn-area/provinces.csv.gz"
    codes = {line.split(",")[0] for line in gzip.open(path, "rt").read().splitlines()[1:]}
    assert len(codes) == 38 and set(TILES) == codes
    places = [(c, r) for c, r, _short in TILES.values()]
    assert len(set(places)) == 38


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_2021_shows_the_demo_against_the_450_32_target(client, demo):
    from programs.selectors import beneficiaries_public

    html = client.get("/dasbor/?cycle=2021").content.decode()
    text = _text(html)
    cycle = beneficiaries_public().filter(cycle__year=2021, library__level="village")
    libraries = cycle.values("library").distinct().count()
    provinces = cycle.values("library__province").distinct().count()
    assert f"Perpustakaan desa: {libraries} dari target 450" in text
    assert f"Provinsi: {provinces} dari target 32" in text
    # The Bali tile links to the province page and carries its value.
    tile = re.search(r'<a href="/wilayah/51/" class="tile[^"]*" aria-label="BALI 12 — Bali"', html)
    assert tile, "Bali's tile"
    assert '<title id="map-title">' in html and '<desc id="map-desc">' in html
    # Bali alone: the seed article's 12 village libraries in 3 regencies.
    text = _text(client.get("/dasbor/?cycle=2021&province=51").content.decode())
    assert "Perpustakaan desa: 12 " in text
    assert "Kabupaten/kota: 3 " in text


def test_english_dashboard_links_tiles_to_english_pages(client, demo):
    html = client.get("/en/dasbor/?cycle=2021").content.decode()
    assert 'href="/en/wilayah/51/"' in html
    assert "Cycle 2021 against its targets" in html
    assert re.search(r"Village libraries: \d+ of 450 targeted", _text(html))


def test_each_chart_has_its_data_table(client, demo):
    html = client.get("/en/dasbor/").content.decode()
    charts = re.findall(r'<figure class="chart".*?</figure>', html, re.S)
    assert len(charts) == 3
    for chart in charts:
        assert "<svg" in chart and "<table" in chart and "<desc" in chart
    from trainings.models import Participant

    trained = Participant.objects.of_published_events().filter(event__cycle__year=2021).count()
    people = next(c for c in charts if "People trained per cycle" in c)
    assert f'<th scope="row">2021</th><td class="text-end">{trained}</td>' in people
    levels = next(c for c in charts if "by level" in c)
    assert "Village libraries" in levels and "Province libraries" in levels


def test_a_province_filter_adds_its_regencies_and_outlines_its_tile(client, demo):
    html = client.get("/en/dasbor/?cycle=2021&province=51&figure=participants").content.decode()
    assert "tile tile-selected" in html
    for name in ("Badung", "Klungkung", "Tabanan"):
        assert name in html
    assert "Map: People trained by province" in html


def test_bad_filters_are_messages_not_errors(client, demo):
    response = client.get("/en/dasbor/?cycle=abc&province=99&figure=nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unknown province code" in html or "Unknown" in html


def test_no_personal_data_on_the_dashboard(client, demo):
    html = client.get("/dasbor/?cycle=2021&province=51").content.decode()
    for participant in demo.event.participants.all():
        assert participant.full_name not in html
        if participant.phone:
            assert participant.phone not in html


def test_classes_cover_every_value_and_the_darkest_holds_the_largest():
    bounds = classes_for([0, 1, 7, 30, 100])
    assert bounds[0][0] == 1 and bounds[-1][1] == 100
    assert len(bounds) == len(PALETTE)
    assert classes_for([0, 0]) == []
    assert classes_for([2]) == [(1, 1), (2, 2)]


def test_every_figure_counts_per_province_and_per_regency():
    for figure in FIGURES:
        assert callable(figure.by) and figure.label and figure.description


def _world(n: int) -> None:
    cycle = ProgramCycleFactory(year=2021, target_libraries=450, target_provinces=32)
    district = DistrictFactory()
    for _ in range(n):
        library = VillageLibraryFactory(village__district=district)
        BeneficiaryFactory(cycle=cycle, library=library)
        event = TrainingEventFactory(
            cycle=cycle,
            province=district.regency.province,
            regency=district.regency,
            organiser=cycle.program.institution,
            status="published",
        )
        participant = ParticipantFactory(event=event, library=library)
        AttendanceFactory(participant=participant, day=event.start_date)


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize("query", ["", "?cycle=2021", "?cycle=2021&figure=attendance"])
def test_dashboard_query_count_does_not_grow(client, django_assert_max_num_queries, n, query):
    _world(n)
    province = Province.objects.order_by("code").first().code
    # 27 before the reporting-rate figure (monitoring.rates: two grouped queries per level).
    for url in (f"/dasbor/{query}", f"/en/dasbor/?province={province}&cycle=2021"):
        with django_assert_max_num_queries(31):
            assert client.get(url).status_code == 200
