"""Helpers shared by the test folders: users, comments and comment-form data."""

import threading
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.utils import timezone

from community.discussion.forms import CommentForm
from community.models import Comment


def make_user(username, days_old=60, **extra):
    extra.setdefault("email", f"{username}@example.com")
    user = get_user_model().objects.create_user(username, password="a-long-pass-phrase", **extra)
    user.date_joined = timezone.now() - timedelta(days=days_old)
    user.save(update_fields=["date_joined"])
    return user


def form_data(page, **fields):
    """What the comment form on `page` sends, security fields included."""
    form = CommentForm(page)
    data = {key: form.initial[key] for key in ("content_type", "object_pk", "timestamp")}
    data["security_hash"] = form.initial["security_hash"]
    data.update(
        {
            "name": "Aoife",
            "email": "aoife@example.com",
            "comment": "A thoughtful answer.",
            "reply_to": "0",
            "honeypot": "",
            "task": "",
        }
    )
    data.update({key: str(value) for key, value in fields.items()})
    return data


def add_comment(page, text="A comment", parent=None, user=None, task=None, **fields):
    """A published comment, stored as the post view would store it."""
    comment = Comment(
        content_type=ContentType.objects.get_for_model(page),
        object_pk=str(page.pk),
        site_id=1,
        user=user,
        user_name=fields.pop("user_name", user.get_username() if user else "Reader"),
        user_email=fields.pop("user_email", user.email if user else "reader@example.com"),
        comment=text,
        submit_date=fields.pop("submit_date", timezone.now()),
        parent_id=parent.pk if parent else 0,
        task=parent.task if parent else task,
        is_public=fields.pop("is_public", True),
        **fields,
    )
    comment.save()
    return comment


# An abstract of 174 words, inside the 150–300 words a research submission asks for.
ABSTRACT = (
    "Team-taught lessons often run on plans made in the corridor, and the ALT learns the aim "
    "of the lesson as the bell rings. This small action research study asked whether a shared "
    "planning sheet, filled in by the JTE and the ALT during one ten-minute meeting a week, "
    "changed how each of them understood their part in the lesson. Two JTEs and one ALT at a "
    "public junior high school in Nagano used the sheet for one term with four classes. Data "
    "came from the sheets themselves, short notes written by both teachers after each lesson, "
    "and a brief interview with each JTE at the end of the term. The sheets show that the "
    "teachers moved from listing activities to naming the aim of each activity, and the notes "
    "record fewer moments in which the ALT waited without a role. Both JTEs said the meeting "
    "was easier to keep than a longer one. The article ends with the sheet itself and with "
    "suggestions for ALTs who visit several schools and cannot meet every week."
)


def make_editor(username="edna"):
    """A member of the Editors group (they get the contact form's and Wagtail's review emails)."""
    from django.contrib.auth.models import Group

    user = make_user(username, email=f"{username}@example.com")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def article_data(**changes):
    """What the article submission form sends (without a PDF)."""
    return {
        "title": "Role cards",
        "authors": "Kenji Sato",
        "abstract": ABSTRACT,
        "keywords": "planning",
        "body": "## One\nText.",
        "references": "",
        "prefecture": "",
        "honeypot": "",
        **changes,
    }


def poppler(tool):
    """The path of a poppler tool (pdffonts, pdftotext); the test is skipped where it is not
    installed, and fails instead when REQUIRE_E2E is set (as CI sets it)."""
    import os
    import shutil

    import pytest

    path = shutil.which(tool)
    if path is None:
        message = f"{tool} not found: apt-get install -y poppler-utils"
        if os.environ.get("REQUIRE_E2E"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def pdf_fonts(path):
    """pdffonts' table for a PDF: {font name without its subset prefix: its line}. Columns:
    name, type, encoding, emb, sub, uni, object id (so a line's [-5] is "emb")."""
    import subprocess

    listing = subprocess.run(
        [poppler("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1]: line for line in listing}


def post_at_the_same_instant(url, data, copies=2, make_client=None):
    """POST `data` to `url` from `copies` browsers (made by `make_client`, anonymous unless
    given) released at the same instant, as a double-click sends it (each in its own thread,
    with its own database connection; for PostgreSQL). The answers, in the order they came."""
    from django.test import Client

    clients = [(make_client or Client)() for _ in range(copies)]
    start = threading.Barrier(copies)
    answers = []

    def send(client):
        start.wait()
        try:
            answers.append(client.post(url, data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
