from django.core.management.base import BaseCommand

from home.places import places_load


class Command(BaseCommand):
    help = (
        "Load the 34 provinces and 3,321 communes from the vietnam-provinces package (idempotent)."
    )

    def handle(self, *args, **options):
        provinces, communes = places_load()
        for label, result in (("Provinces", provinces), ("Communes", communes)):
            self.stdout.write(
                f"{label}: {result.total} in total ({result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged)"
            )
