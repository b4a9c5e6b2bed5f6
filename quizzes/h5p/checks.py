"""System check: with object storage, H5P packages still need a folder every node shares.

`MEDIA_STORAGE=s3` moves media, certificates and imports into the bucket but not H5P packages
(decision 025): they are installed by renaming whole folders atomically, and the player's many
small files are served by path with the sandbox's headers. H5P_ROOT left at its default, inside
the code folder that each node has for itself, would give every node its own packages: an
activity uploaded on one node would not play on another. `manage.py check` and `migrate`
(so `make release`) refuse it.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks

from home.storage import object_storage_on


@checks.register(checks.Tags.compatibility)
def h5p_root_shared_with_object_storage(app_configs, **kwargs):
    if not object_storage_on():
        return []
    root = Path(settings.H5P_ROOT).resolve()
    if not root.is_relative_to(Path(settings.BASE_DIR).resolve()):
        return []
    return [
        checks.Error(
            "MEDIA_STORAGE=s3 does not hold H5P packages: they stay in H5P_ROOT, which is "
            "inside the code folder, so each node would have its own.",
            hint="Set H5P_ROOT to a folder every node mounts, e.g. /srv/elearn/shared/h5p "
            "(README, Object storage).",
            id="quizzes.E201",
        )
    ]
