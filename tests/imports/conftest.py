import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source text (the Indonesian catalogue changes)."""
    with translation.override("en"):
        yield
