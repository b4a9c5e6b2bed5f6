"""Count the national and provincial statistics dashboards ahead of their readers."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from courses.reports.forms import ReportFilters
from courses.reports.scopes import NATIONAL_AREA, PROVINCE, Area
from courses.reports.selectors import dashboard_figures
from home.models import Province


class Command(BaseCommand):
    help = (
        "Count the national and every provincial statistics dashboard into the shared cache "
        "(run by a timer a little more often than STATISTICS_CACHE_SECONDS)."
    )

    def handle(self, *args, **options):
        if not settings.STATISTICS_CACHE_SECONDS:
            self.stdout.write("STATISTICS_CACHE_SECONDS is 0: dashboards are always counted live.")
            return
        started = time.perf_counter()
        provinces = Province.objects.order_by("code")
        areas = [NATIONAL_AREA] + [Area(level=PROVINCE, province=p) for p in provinces]
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for area in areas:
                    dashboard_figures(area=area, filters=ReportFilters(), refresh=True)
        self.stdout.write(
            f"{len(areas)} dashboards x {len(settings.LANGUAGES)} languages counted "
            f"in {time.perf_counter() - started:.1f} s."
        )
