from django.core.management.base import BaseCommand, CommandError

from courses.portals.services import PortalError, portal_create


class Command(BaseCommand):
    help = (
        "Create a province's portal: a Wagtail site on its own host name with a home page, a "
        "catalog that also lists the national library, and a group of editors limited to it. "
        "Idempotent: run again with the same province and host, it repairs what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="Province code, e.g. 01 (Hà Nội).")
        parser.add_argument("--hostname", required=True, help="Host name, e.g. ha-noi.localhost.")
        parser.add_argument("--port", type=int, default=80, help="Port the site answers on.")
        parser.add_argument("--name", default="", help="Display name (default: from province).")

    def handle(self, *args, **options):
        try:
            result = portal_create(
                province_code=options["province"],
                hostname=options["hostname"],
                port=options["port"],
                display_name=options["name"],
            )
        except PortalError as error:
            raise CommandError(str(error)) from error
        portal = result.portal
        state = "created" if result.created else "exists, checked"
        self.stdout.write(
            f"Portal of {portal.province.full_name}: {portal.site.root_url}/ ({state}); "
            f"editors' group “{portal.editors.name}”."
        )
