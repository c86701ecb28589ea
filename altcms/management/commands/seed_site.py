from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from altcms.caching import changes
from altcms.content import seed
from altcms.http import siteurl


class Command(BaseCommand):
    help = (
        "Build the site's pages and curriculum from the files in content/. Safe to re-run: it "
        "creates what is missing and never overwrites a page an editor has revised."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Also create demo accounts (editor, moderator, ALT); local development only.",
        )

    def handle(self, *args, demo_users=False, **options):
        if demo_users and not settings.SEED_DEMO_USERS:
            raise CommandError("Demo accounts are only created with development settings.")
        try:
            with changes.wholesale():
                seeder = seed.run(
                    settings.SEED_CONTENT_DIR,
                    write=self.stdout.write,
                    demo_users=demo_users,
                )
        except seed.ContentError as error:
            raise CommandError(str(error)) from error
        siteurl.sync_sites()  # Django's and Wagtail's Site records say SITE_URL
        counts = seeder.counts
        for line in seeder.kept:
            self.stdout.write(f"  kept: {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_site: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        )
