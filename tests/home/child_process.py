"""Running manage.py in a child process, for settings that must be read at start-up."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def run_manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    """`manage.py <args>` in a child process with exactly the environment `env`."""
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, str(MANAGE), *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
