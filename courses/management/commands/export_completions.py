"""`manage.py export_completions`: the roster or summary export written to a file.

Runs with national scope (whoever can run the command can read the database); the area options
narrow it. Same rows, columns and protections as the admin downloads.
"""

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from courses.reports import exports
from courses.reports.forms import filters_parse
from courses.reports.scopes import COMMUNE, NATIONAL_AREA, PROVINCE, scope_resolve


class Command(BaseCommand):
    help = "Export completion statistics (learner roster or summary with targets) as CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=exports.FORMATS, required=True)
        parser.add_argument("--output", required=True, help="File to write.")
        parser.add_argument("--kind", choices=exports.KINDS, default="roster")
        parser.add_argument("--province", help="Two-digit province code.")
        parser.add_argument("--commune", help="Five-digit commune code.")
        parser.add_argument("--course", help="Course slug.")
        parser.add_argument("--group", help="Learner group (official, digital_team, citizen).")
        parser.add_argument("--from", dest="date_from", help="First day (YYYY-MM-DD).")
        parser.add_argument("--to", dest="date_to", help="Last day (YYYY-MM-DD).")
        parser.add_argument(
            "--by", choices=[COMMUNE, PROVINCE], default=COMMUNE, help="Summary rows per ..."
        )

    def handle(self, *args, **options):
        try:
            area = scope_resolve(
                user=None,
                province_code=options["province"],
                commune_code=options["commune"],
                scope=NATIONAL_AREA,
            )
        except Http404 as error:
            raise CommandError("Unknown or malformed province or commune code.") from error
        params = {
            key: options[key] for key in ("course", "group", "date_from", "date_to") if options[key]
        }
        filters, form = filters_parse(params=params)
        if filters.ignored:
            raise CommandError(f"Invalid option(s): {', '.join(filters.ignored)}: {form.errors}")
        if options["kind"] == "roster":
            export = exports.roster_export(area=area, filters=filters)
        else:
            export = exports.summary_export(area=area, filters=filters, by=options["by"])
        if options["format"] == "csv":
            written = 0

            def counted(rows):
                nonlocal written
                for row in rows:
                    written += 1
                    yield row

            export.rows = counted(export.rows)
            with open(options["output"], "w", encoding="utf-8", newline="") as output:
                for chunk in exports.csv_chunks(export):
                    output.write(chunk)
        else:
            written = exports.xlsx_write(export, options["output"])
        self.stdout.write(f"{written} rows written to {options['output']}")
