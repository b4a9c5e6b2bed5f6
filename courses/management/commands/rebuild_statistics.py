"""Count the statistics tables again from the enrolments (decisions 029 and 032)."""

import time

from django.core.management.base import BaseCommand

from courses.reports.aggregates import (
    REBUILD_COMMUNES_PER_CHUNK,
    learners_rebuild,
    statistics_rebuild,
)


class Command(BaseCommand):
    help = (
        "Count the statistics tables (enrolments, completions and certificates per commune, "
        "course, learner group and day; distinct learners per area, group and day of their "
        "first enrolment there) again from the enrolments. Exact and idempotent: only "
        "cells that differ are written, a chunk of communes per transaction, so it can run "
        "while the site is live."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk",
            type=int,
            default=REBUILD_COMMUNES_PER_CHUNK,
            help="Communes per transaction (default %(default)s).",
        )

    def handle(self, *args, chunk, verbosity, **options):
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"{done}/{total} communes")

        counted, corrected = statistics_rebuild(chunk=max(1, chunk), progress=progress)
        self.stdout.write(
            f"{counted} cells counted, {corrected} corrected, "
            f"in {time.perf_counter() - started:.1f} s."
        )
        started = time.perf_counter()

        def learner_progress(done: int, total: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"{done}/{total} chunks of learners")

        counted, corrected = learners_rebuild(chunk=max(1, chunk), progress=learner_progress)
        self.stdout.write(
            f"{counted} learner cells counted, {corrected} corrected, "
            f"in {time.perf_counter() - started:.1f} s."
        )
