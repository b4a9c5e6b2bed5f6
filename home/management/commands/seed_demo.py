import importlib
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Each app that has demo content provides `<app>.demo.seed(stdout)`; they run in this order.
DEMO_APPS = ("home", "courses", "quizzes", "quizzes.h5p", "courses.classes", "courses.portals")


def _production_settings() -> bool:
    # SETTINGS_MODULE is None under override_settings; the environment still names the module.
    modules = (settings.SETTINGS_MODULE, os.environ.get("DJANGO_SETTINGS_MODULE"))
    return any((module or "").endswith(".production") for module in modules)


class Command(BaseCommand):
    help = "Create demo accounts and content for a local demo (idempotent; never in production)."

    def handle(self, *args, **options):
        allowed = settings.DEBUG or settings.SEED_DEMO_ALLOWED
        if _production_settings() or not allowed:
            raise CommandError(
                "seed_demo creates accounts with known passwords: not in production."
            )
        self.stdout.write("Demo content (local demo only; these passwords are public):")
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
