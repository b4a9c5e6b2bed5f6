from django.core.management.base import BaseCommand

from courses.certificates.services import certificates_catch_up


class Command(BaseCommand):
    help = (
        "Issue the certificates missing for eligible completions and enqueue the PDFs that "
        "are not made yet (after a worker outage or a failed rendering). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-render", action="store_true", help="Issue only; do not enqueue renderings."
        )

    def handle(self, *args, **options):
        counts = certificates_catch_up(render=not options["no_render"])
        self.stdout.write(
            f"{counts['issued']} certificate(s) issued, {counts['enqueued']} rendering(s) enqueued."
        )
