"""Open data at /data/: every dataset in CSV (BOM, exporter framework) and JSON, with a licence,
the date of the data and a dictionary of every column in both languages."""

import json

import pytest

from portal.opendata import DATASETS, dictionary_rows

pytestmark = pytest.mark.django_db


def test_every_column_of_every_dataset_is_in_the_dictionary_in_both_languages():
    for dataset in DATASETS:
        rows = dictionary_rows(dataset)
        assert [r["key"] for r in rows] == [c.key for c in dataset.columns()]
        for row in rows:
            assert row["type"] and row["header_id"] and row["header_en"]
            assert row["meaning_id"] and row["meaning_en"]


def test_indonesian_meanings_are_translated():
    rows = dictionary_rows(DATASETS[0])
    assert any(r["meaning_id"] != r["meaning_en"] for r in rows)


def test_the_data_page_lists_every_dataset_with_licence_date_and_downloads(client, demo):
    html = client.get("/data/").content.decode()
    assert "CC BY 4.0" in html and "creativecommons.org/licenses/by/4.0/" in html
    for dataset in DATASETS:
        assert f"/data/{dataset.slug}.csv" in html and f"/data/{dataset.slug}.json" in html
        for column in dataset.columns():
            assert column.header_en in html
    assert "<time datetime=" in html


@pytest.mark.parametrize("dataset", [d.slug for d in DATASETS])
def test_each_dataset_downloads_as_csv_with_a_bom_and_as_json(client, demo, dataset):
    if dataset == "laporan-bulanan":  # the demo's monthly reports are seeded on their own
        from monitoring.demo import demo_reports_seed

        demo_reports_seed()
    response = client.get(f"/data/{dataset}.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    lines = text.splitlines()
    assert len(lines) >= 2, dataset
    data = json.loads(b"".join(client.get(f"/data/{dataset}.json").streaming_content))
    assert data["licence"]["name"] == "CC BY 4.0" and data["data_as_of"]
    assert len(data["rows"]) == len(lines) - 1
    assert [c["key"] for c in data["columns"]] == list(data["rows"][0])


def test_beneficiary_csv_has_the_demo_with_accents_intact(client, demo):
    from villages.models import VillageLibrary

    library = VillageLibrary.objects.get(village__code="51.03.02.2009")
    library.name = "Perpustakaan Désa Mengwi"
    library.save()
    text = b"".join(client.get("/data/penerima-manfaat.csv").streaming_content).decode("utf-8-sig")
    assert "Perpustakaan Désa Mengwi" in text
    assert text.splitlines()[0].startswith("Siklus,Status,Perpustakaan")
    from programs.selectors import beneficiaries_public

    assert len(text.splitlines()) == 1 + beneficiaries_public().count()


def test_json_numbers_stay_numbers(client, demo):
    data = json.loads(b"".join(client.get("/en/data/bimtek.json").streaming_content))
    event = next(
        r for r in data["rows"] if r["slug"] == "bimtek-strategi-pengembangan-tik-bali-2021"
    )
    assert event["participants"] == 30 and event["libraries"] == 12 and event["cycle"] == 2021
    assert data["columns"][0]["meaning_en"]


def test_no_personal_data_in_any_dataset(client, demo):
    people = list(demo.event.participants.values_list("full_name", "phone", "email"))
    for dataset in DATASETS:
        text = b"".join(client.get(f"/data/{dataset.slug}.json").streaming_content).decode()
        text += b"".join(client.get(f"/data/{dataset.slug}.csv").streaming_content).decode()
        for name, phone, email in people:
            assert name not in text
            assert not phone or phone not in text
            assert not email or email not in text


def test_an_unknown_dataset_is_404(client, db):
    assert client.get("/data/rahasia.csv").status_code == 404
    assert client.get("/data/rahasia.json").status_code == 404


def test_robots_no_longer_excludes_the_csv(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "unduh.csv" not in text and "Disallow: /admin/" in text


@pytest.mark.parametrize("n", [1, 50])
def test_data_page_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    from tests.programs.factories import BeneficiaryFactory, ProgramCycleFactory

    cycle = ProgramCycleFactory(year=2021)
    for _ in range(n):
        BeneficiaryFactory(cycle=cycle)
    with django_assert_max_num_queries(10):
        assert client.get("/data/").status_code == 200
