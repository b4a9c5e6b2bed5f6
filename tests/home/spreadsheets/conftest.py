import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages in their English source text, for asserting on refusals."""
    with translation.override("en"):
        yield
