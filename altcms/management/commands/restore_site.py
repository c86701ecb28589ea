from django.core.management.base import BaseCommand, CommandError

from altcms.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup folder made by backup_site into an empty database (or --replace)."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--database-url", help="Where to restore (default: the site's).")
        parser.add_argument("--replace", action="store_true", help="Overwrite what is there.")

    def handle(self, *args, **options):
        try:
            restore(options["folder"], options["database_url"], options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {options['folder']}")
