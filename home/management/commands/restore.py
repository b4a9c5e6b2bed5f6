from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and "
        "folders (both empty unless --replace), after checking every file's checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the backup folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="drop the database's objects and empty the folders first",
        )

    def handle(self, *args, source, replace, **options):
        try:
            result = backup_restore(source=source, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{setting}: {count}" for setting, count in result.files.items())
        self.stdout.write(
            f"Restored {result.tables} tables and the files ({files}). "
            "Run `make release` if this code is newer than the backup."
        )
