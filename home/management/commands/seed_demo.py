import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Each app that has demo content provides `<app>.demo.seed(stdout)`; they run in this order.
DEMO_APPS = ("home", "courses", "quizzes")


class Command(BaseCommand):
    help = "Create demo accounts and content for a local demo (idempotent; never in production)."

    def handle(self, *args, **options):
        allowed = settings.DEBUG or getattr(settings, "SEED_DEMO_ALLOWED", False)
        if settings.SETTINGS_MODULE.endswith(".production") or not allowed:
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
