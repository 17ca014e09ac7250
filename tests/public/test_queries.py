"""Every public page runs a bounded number of queries: the same budget at 1 and at 50
libraries/events (django_assert_max_num_queries), so a page never grows an N+1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import Beneficiary
from tests.programs.factories import (
    AidPackageFactory,
    BeneficiaryFactory,
    DeliveryItemFactory,
    ProgramCycleFactory,
)
from tests.trainings.factories import AgendaItemFactory, ParticipantFactory, TrainingEventFactory
from tests.villages.factories import (
    DistrictFactory,
    ProvinceLibraryFactory,
    RegencyLibraryFactory,
    VillageLibraryFactory,
)

pytestmark = pytest.mark.django_db

# Queries per page; the same whatever the number of rows.
BUDGET = {
    "home": 3,
    "beneficiaries": 6,
    "beneficiaries-filtered": 6,
    "beneficiaries-csv": 4,
    # + the literacy index (issue 13): the region's values; a province's also its regencies'.
    # + monthly reports (issue 13): owed, received (when any is owed), 12 months' totals.
    "region-province": 12,
    "region-regency": 10,
    # The library, its program rows, its Bimtek, its aid deliveries (the timeline, issue 10),
    # its last 12 months of approved monthly reports (issue 13).
    "library": 5,
    "replication": 6,
    "events": 4,
    # + the regions it serves and its attendance per day (issue 11: aggregate, no names).
    "event": 6,
    # The index: each section's page count and latest change (the sections are paginated).
    "sitemap": 6,
    "sitemap-libraries": 2,
}


def build(n: int) -> dict[str, str]:
    """n beneficiary libraries in one regency, n published events in its province; the first
    event has a participant from every library, the first library took part in every event."""
    cycle = ProgramCycleFactory(year=2021)
    district = DistrictFactory()
    regency, province = district.regency, district.regency.province
    libraries = [VillageLibraryFactory(village__district=district) for _ in range(n)]
    events = [
        TrainingEventFactory(cycle=cycle, province=province, organiser=cycle.program.institution)
        for _ in range(n)
    ]
    for library, event in zip(libraries, events, strict=True):
        BeneficiaryFactory(cycle=cycle, library=library)
        ParticipantFactory(event=events[0], library=library)
        if event != events[0]:
            ParticipantFactory(event=event, library=libraries[0])
        AgendaItemFactory(event=events[0])
    # The library's aid arrives in n handovers; the other levels and replication are there too.
    package = AidPackageFactory(cycle=cycle)
    first = Beneficiary.objects.get(library=libraries[0])
    first.package = package
    first.save()
    for i in range(n):
        DeliveryItemFactory(delivery__beneficiary=first, delivery__bast_number=f"BAST/{i}")
    BeneficiaryFactory(cycle=cycle, library=RegencyLibraryFactory(regency=regency))
    BeneficiaryFactory(cycle=cycle, library=ProvinceLibraryFactory(province=province))
    for _ in range(n):
        BeneficiaryFactory(
            cycle=cycle,
            library=VillageLibraryFactory(village__district=district),
            track=Beneficiary.Track.REPLICATION,
            funding_source=Beneficiary.Funding.VILLAGE_FUNDS,
        )
    q = f"?cycle=2021&province={province.code}&regency={regency.code}&q=Perpustakaan"
    return {
        "home": "/",
        "beneficiaries": "/penerima-manfaat/",
        "beneficiaries-filtered": "/en/penerima-manfaat/" + q,
        "beneficiaries-csv": "/penerima-manfaat/unduh.csv" + q,
        "region-province": f"/wilayah/{province.code}/",
        "region-regency": f"/en/wilayah/{regency.code}/",
        "library": libraries[0].get_absolute_url(),
        "replication": "/penerima-manfaat/replikasi/" + q,
        "events": "/bimtek/?cycle=2021",
        "event": events[0].get_absolute_url(),
        "sitemap": "/sitemap.xml",
        "sitemap-libraries": "/sitemap-libraries.xml",
    }


@pytest.mark.parametrize("n", [1, 50])
def test_each_public_page_stays_within_one_query_budget_at_1_and_50_rows(
    client, django_assert_max_num_queries, n
):
    urls = build(n)
    for name, url in urls.items():
        with django_assert_max_num_queries(BUDGET[name], info=f"{name} at {n} rows: {url}"):
            response = client.get(url)
            if name == "beneficiaries-csv":
                body = response.getvalue().decode()
                # n village libraries and the regency's own library (all named "Perpustakaan…")
                assert body.count("\n") == n + 2
        assert response.status_code == 200, url


def test_pages_show_all_fifty_rows_they_are_measured_with(client):
    urls = build(50)
    assert client.get(urls["event"]).content.decode().count('href="/perpustakaan/') == 50
    library_page = client.get(urls["library"]).content.decode()
    assert library_page.count('href="/bimtek/bimtek-uji') == 50
    # 50 village libraries, the regency's and the province's library; 50 replicating, apart
    assert client.get(urls["region-province"]).content.decode().count('href="/perpustakaan/') == 102
    assert library_page.count("Bantuan diterima:") == 50
    replication = client.get(urls["replication"]).content.decode()
    # Paginated like the beneficiary list: a full first page of 25, and a way to the second.
    assert replication.count('href="/perpustakaan/') == 25
    assert "page=2" in replication


def measure(urls: dict[str, str], client) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                response.getvalue()
        counts[name] = len(ctx.captured_queries)
    return counts


def sample_regions() -> None:
    """Two provinces of two regencies, each with a district of 40 villages: room for
    generate_sample_data's three levels without loading the official regions."""
    from tests.villages.factories import ProvinceFactory, RegencyFactory, VillageFactory

    for _province in range(2):
        province = ProvinceFactory()
        for _regency in range(2):
            district = DistrictFactory(regency=RegencyFactory(province=province))
            VillageFactory.create_batch(40, district=district)


def test_beneficiary_and_replication_lists_cost_the_same_with_small_and_larger_sample_data(
    client,
):
    from trainings.sample_data import sample_data_generate

    sample_regions()
    urls = {
        "beneficiaries": "/penerima-manfaat/",
        "replication": "/penerima-manfaat/replikasi/",
    }
    counts = {}
    for libraries in (5, 150):
        result = sample_data_generate(
            participants=10, libraries=libraries, events=2, load_regions=False
        )
        assert result.libraries == 2 + 4 + libraries  # provinces, regencies, villages
        sample = Beneficiary.objects.filter(library__slug__startswith="sampel-")
        assert set(sample.values_list("library__level", flat=True)) == {
            "province",
            "regency",
            "village",
        }
        assert sample.filter(track=Beneficiary.Track.REPLICATION).exists()
        assert sample.values("cycle__year").distinct().count() == 10
        counts[libraries] = measure(urls, client)
        page = client.get(urls["beneficiaries"]).content.decode()
        assert "(Sampel)" in page
        for name, count in counts[libraries].items():
            assert count <= BUDGET[name], (name, libraries, count)
    # The larger run fills several pages of both lists; the queries do not grow with it.
    assert "page=2" in client.get(urls["beneficiaries"]).content.decode()
    assert "page=2" in client.get(urls["replication"]).content.decode()
    assert counts[5] == counts[150]
