import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings):
    """The public page cache on (the suite runs with it off: tests/conftest.py), empty."""
    settings.PUBLIC_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()
