"""Send the weekly class digest to trainers and commune managers (run by a weekly timer)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from courses.classes.digest import digest_send


class Command(BaseCommand):
    help = "E-mail each trainer and commune manager the progress of their classes."

    def handle(self, *args, **options):
        sent = digest_send(now=timezone.now())
        self.stdout.write(f"Class digests sent: {sent}")
