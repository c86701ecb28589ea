from django.core.management.base import BaseCommand, CommandError

from altcms.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files into a new folder (default backups/<time>)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="The folder to create.")

    def handle(self, *args, **options):
        try:
            folder = backup(options["output"])
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {folder}")
