from django.core.management.base import BaseCommand

from community.feedback.mailin import import_paths


class Command(BaseCommand):
    help = (
        "Import readers' emails as feedback items: .eml files, directories of them, or mbox "
        "mailboxes. Messages already imported (by Message-ID) are skipped, as are malformed "
        "ones, each with a line saying why."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, **options):
        counts = {"imported": 0, "duplicate": 0, "skipped": 0}
        for result in import_paths(paths):
            counts[result.outcome] += 1
            line = f"{result.outcome}: {result.where}: {result.detail}"
            if result.outcome == "skipped":
                self.stderr.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['imported']} imported, {counts['duplicate']} already there, "
                f"{counts['skipped']} skipped."
            )
        )
