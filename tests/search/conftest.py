import pytest


@pytest.fixture(autouse=True)
def reindex_inline(settings):
    # Re-segmentation runs in a thread in production; inline here, so tests see its result.
    settings.SEARCH_REINDEX_INLINE = True
