"""Village and library autocompletes say where a place lies, and find it by its region's name:
names repeat (Bali alone has two villages called Kutuh), so a hurried pick must still be right."""

from django.urls import reverse


def _autocomplete(
    client, model_name: str, field_name: str, term: str, app_label: str = "villages"
) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_village_autocomplete_names_district_regency_and_province(admin_client, demo):
    texts = _autocomplete(admin_client, "villagelibrary", "village", "Kutuh")
    kutuh_badung = [t for t in texts if t.endswith("(51.03.05.2003)")]
    assert kutuh_badung == ["Kutuh — Kuta Selatan, Kabupaten Badung, Bali (51.03.05.2003)"]
    # The other Kutuh is told apart by its regency.
    assert any("(51.06.04.2044)" in t and "Bangli" in t for t in texts)


def test_village_autocomplete_finds_villages_by_regency_name(admin_client, demo):
    texts = _autocomplete(admin_client, "villagelibrary", "village", "Klungkung")
    assert texts and all("Klungkung" in t for t in texts)


def test_library_autocomplete_names_regency_and_province(admin_client, demo):
    texts = _autocomplete(admin_client, "beneficiary", "library", "Mengwi", app_label="programs")
    # Mengwi's own library, and Baha's, which lies in the district of Mengwi.
    assert "Perpustakaan Desa Mengwi — Kabupaten Badung, Bali" in texts
    assert "Perpustakaan Desa Baha — Kabupaten Badung, Bali" in texts
    # Found by its regency's name too.
    texts = _autocomplete(admin_client, "beneficiary", "library", "Tabanan", app_label="programs")
    assert texts and all("Kabupaten Tabanan" in t for t in texts)
    for name in ("Delod Peken", "Dauh Peken", "Penebel"):
        assert f"Perpustakaan Desa {name} — Kabupaten Tabanan, Bali" in texts


def test_village_autocomplete_labels_cost_no_query_per_result(
    admin_client, demo, django_assert_max_num_queries
):
    url = reverse("admin:autocomplete")
    params = {"app_label": "villages", "model_name": "villagelibrary", "field_name": "village"}
    admin_client.get(url, {**params, "term": "Kutuh"})
    with django_assert_max_num_queries(8):
        texts = admin_client.get(url, {**params, "term": "a"}).json()["results"]
    assert len(texts) == 20  # a full page, its regions joined in
