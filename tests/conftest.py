import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads (and H5P files) to its own folders, never to the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.H5P_ROOT = tmp_path / "h5p"
