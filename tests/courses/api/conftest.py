import pytest

from courses.api.factories import ApiTokenFactory
from tests.courses.reports.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def bearer():
    """Headers for the test client carrying a fresh token of `user`."""

    def make(user, **kwargs) -> dict:
        token = ApiTokenFactory(owner=user, **kwargs)
        return {"HTTP_AUTHORIZATION": f"Bearer {token.clear}"}

    return make
