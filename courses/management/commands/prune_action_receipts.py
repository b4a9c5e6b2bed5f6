"""Delete the receipts of old offline actions (run by a daily timer)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from courses.sync.services import action_receipts_prune


class Command(BaseCommand):
    help = (
        "Delete the receipts of actions sent by learners' devices (offline progress) received "
        "more than ACTION_RECEIPT_DAYS days ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days of receipts (default: ACTION_RECEIPT_DAYS, 90).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.ACTION_RECEIPT_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = action_receipts_prune(before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"Action receipts older than {days} days deleted: {deleted}")
