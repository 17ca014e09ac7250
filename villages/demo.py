"""The demo's literacy index: Bali's regencies/cities and the province, 2023 and 2024, from a
file in the published form (villages/data/iplm/sample-bali.csv). The values are made up (no
published Bali figures were at hand) and stored as sample data; the page says so."""

from __future__ import annotations

from pathlib import Path

from core.system import system_user

from .indicator_import import IndexReport, indicators_import

SAMPLE_FILE = Path(__file__).parent / "data" / "iplm" / "sample-bali.csv"
SAMPLE_SOURCE = "Contoh untuk demo (bukan angka resmi Perpusnas)"


def demo_literacy_index_seed() -> IndexReport:
    """Import the sample file (idempotent: a second run finds every value unchanged)."""
    return indicators_import(
        user=system_user(),
        data=SAMPLE_FILE.read_bytes(),
        filename=SAMPLE_FILE.name,
        source=SAMPLE_SOURCE,
        is_sample=True,
        commit=True,
    )
