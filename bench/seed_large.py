"""Make the site large: the curriculum plus 5,000 generated blog posts and 20,000 comments.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.seed_large [--pages N] [--comments N]

Idempotent: generated posts and comments are counted first and only the missing ones are
added. The text is made from the words of the module files, so searches rank realistically;
one post in fifty carries a Japanese sentence. One module ("Teachers Working Together") gets
300 comments, for the page benchmarks; the rest go to the generated posts. One forum board
gets 200 topics with a few replies each.
"""

import argparse
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from altcms.caching import changes  # noqa: E402
from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage, Person  # noqa: E402
from community.models import Comment, ForumBoardPage, Topic  # noqa: E402
from modules.models import ModulePage  # noqa: E402

PREFIX = "Generated post"
BUSY_MODULE = "teachers-working-together"
BUSY_COMMENTS = 300
BUSY_BOARD = "team-teaching"
BOARD_TOPICS = 200  # on the busy board, each with a few replies
JAPANESE = [
    "小学校の外国語活動では、担任の先生と一緒に授業を作ります。",
    "高校の授業では訳読が今も多く使われています。",
    "学習指導要領は十年ごとに改訂されます。",
    "外国語指導助手は職員室で毎朝の打ち合わせに出ます。",
]


def vocabulary():
    root = Path(__file__).resolve().parents[1] / "content" / "modules"
    words = []
    for path in sorted(root.rglob("*.md")):
        words += re.findall(r"[A-Za-z][a-z]{2,}", path.read_text(encoding="utf-8"))
    return words


def sentence(rng, words):
    chosen = rng.choices(words, k=rng.randint(8, 20))
    return " ".join(chosen).capitalize() + "."


def paragraph(rng, words):
    return " ".join(sentence(rng, words) for _ in range(rng.randint(4, 8)))


def add_posts(count, rng, words):
    blog = BlogIndexPage.objects.get()
    editors = Person.objects.get(name="ALT Training Online editors")
    have = BlogPostPage.objects.filter(title__startswith=PREFIX).count()
    started = time.perf_counter()
    for n in range(have, count):
        body = [("paragraph", f"<p>{paragraph(rng, words)}</p>") for _ in range(rng.randint(3, 6))]
        if n % 50 == 0:
            body.append(("paragraph", f"<p>{rng.choice(JAPANESE)}</p>"))
        post = BlogPostPage(
            title=f"{PREFIX} {n}: {' '.join(rng.choices(words, k=4))}",
            slug=f"generated-{n}",
            date=date(2026, 1, 1) - timedelta(days=n % 1000),
            intro=sentence(rng, words),
            body=body,
            live=True,
            first_published_at=timezone.now(),
        )
        post.authors = [BlogPostAuthor(person=editors)]
        # Created live, without a revision: one save and one index update, as fast as the
        # tree allows. The site never sees the difference.
        blog.add_child(instance=post)
        if (n + 1) % 500 == 0:
            rate = (n + 1 - have) / (time.perf_counter() - started)
            print(f"  {n + 1} posts ({rate:.0f}/s)", flush=True)


def add_comments(page, count, rng, words):
    kind = ContentType.objects.get_for_model(page)
    have = Comment.objects.filter(content_type=kind, object_pk=str(page.pk)).count()
    roots = list(
        Comment.objects.filter(content_type=kind, object_pk=str(page.pk), level=0).values_list(
            "pk", flat=True
        )[:50]
    )
    with transaction.atomic():
        for n in range(have, count):
            parent = rng.choice(roots) if roots and n % 3 else 0
            comment = Comment(
                content_type=kind,
                object_pk=str(page.pk),
                site_id=1,
                user_name=f"Reader {n}",
                user_email=f"reader{n}@example.com",
                comment=paragraph(rng, words)[:800],
                submit_date=timezone.now() - timedelta(minutes=count - n),
                parent_id=parent,
                is_public=True,
            )
            comment.save()
            if not parent:
                roots.append(comment.pk)


def add_topics(count, rng, words):
    board = ForumBoardPage.objects.get(slug=BUSY_BOARD)
    have = Topic.objects.filter(board=board, title__startswith=PREFIX).count()
    for n in range(have, count):
        topic = Topic.objects.create(
            board=board,
            title=f"{PREFIX} topic {n}: {sentence(rng, words)[:90]}",
            body=paragraph(rng, words)[:1500],
            created_at=timezone.now() - timedelta(hours=count - n),
            last_activity_at=timezone.now() - timedelta(hours=count - n),
        )
        add_comments(topic, rng.randint(0, 6), rng, words)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=20000)
    args = parser.parse_args()
    rng = random.Random(2026)
    words = vocabulary()

    call_command("migrate", verbosity=0)
    call_command("seed_site", verbosity=0)
    with changes.wholesale():  # made stale once, at the end, not post by post
        build(args, rng, words)


def build(args, rng, words):
    print(f"Posts: making {args.pages} generated posts")
    add_posts(args.pages, rng, words)

    busy = ModulePage.objects.get(slug=BUSY_MODULE)
    print(f"Comments: {BUSY_COMMENTS} on {busy.title}, the rest on generated posts")
    add_comments(busy, BUSY_COMMENTS, rng, words)
    posts = list(BlogPostPage.objects.filter(title__startswith=PREFIX).order_by("pk"))
    rest = max(0, args.comments - BUSY_COMMENTS)
    if posts:
        per_post, extra = divmod(rest, len(posts))
        for i, post in enumerate(posts):
            add_comments(post, per_post + (1 if i < extra else 0), rng, words)
            if (i + 1) % 1000 == 0:
                print(f"  comments on {i + 1} posts", flush=True)
    print(f"Forum: {BOARD_TOPICS} topics on the {BUSY_BOARD} board")
    add_topics(BOARD_TOPICS, rng, words)
    print(
        f"Done: {BlogPostPage.objects.count()} posts, {Comment.objects.count()} comments, "
        f"{ModulePage.objects.count()} modules."
    )


if __name__ == "__main__":
    main()
