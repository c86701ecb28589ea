"""Seed /forum/ and /contact/, and in development the demo accounts."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from allauth.account.models import EmailAddress

from altcms.content.seed import read_content, read_yaml
from community.models import ContactPage, ForumBoardPage, ForumIndexPage
from modules.models import ModulePage

# Local development only: seed_site refuses them unless settings.SEED_DEMO_USERS is on.
DEMO_USERS = [
    # username, password, group, is_superuser, what they are for
    ("admin", "admin-demo-pass", None, True, "everything, including site settings"),
    ("editor", "editor-demo-pass", "Editors", False, "edits and publishes modules"),
    ("moderator", "moderator-demo-pass", "Moderators", False, "moderates comments and posts"),
    ("alt", "alt-demo-pass", None, False, "an ALT reader who takes part"),
]


def seed(seeder):
    pages = {}
    for model, slug, key in [
        (ForumIndexPage, "forum", "forum"),
        (ContactPage, "contact", "contact"),
    ]:
        content = read_content(seeder.path("sections", f"{slug}.md"))
        pages[key] = seeder.ensure_section(f"community:{key}", seeder.home, model, slug, content)
    if pages["forum"] is not None:
        seed_boards(seeder, pages["forum"])
    if seeder.demo_users:
        seed_demo_users(seeder)


def seed_boards(seeder, forum):
    boards, _ = read_yaml(seeder.path("forum", "boards.yaml"))
    for board in boards or []:
        digest = hashlib.sha256(repr(sorted(board.items())).encode()).hexdigest()
        seeder.ensure_page(
            f"community:board:{board['slug']}",
            forum,
            ForumBoardPage,
            slug=board["slug"],
            digest=digest,
            build=lambda resolve, board=board: (
                {"title": board["title"], "description": board["description"]},
                {},
            ),
        )


def seed_demo_users(seeder):
    if not settings.SEED_DEMO_USERS:
        raise RuntimeError("Demo accounts are for local development only.")
    User = get_user_model()
    seeder.write("Demo accounts (local development only):")
    for username, password, group_name, is_superuser, purpose in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.com",
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
                "first_name": username.capitalize(),
            },
        )
        if created:
            user.set_password(password)
            # Established accounts, so the demo ALT's first comment is not held for moderation.
            user.date_joined = timezone.now() - timedelta(days=30)
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        seeder.write(f"  {username:<10} password {password:<20} {purpose}")
    # The demo editor looks after every module nobody owns, so comment notices have a recipient.
    ModulePage.objects.filter(owner=None).update(owner=User.objects.get(username="editor"))
