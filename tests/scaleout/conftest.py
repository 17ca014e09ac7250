import pytest
from django.core.cache import cache

from core import cache as core_cache


@pytest.fixture
def page_cache(settings):
    """The public page cache on (the suite runs with it off: tests/conftest.py), empty."""
    settings.PUBLIC_CACHE_ENABLED = True
    cache.clear()
    core_cache.forget_local_copies()  # and the version this process read before the clear
    yield
    cache.clear()
    core_cache.forget_local_copies()
