"""Closing the editorial loop: feedback items in, module revisions out.

- `choices_for(page)` tells the module editor which items are open for that module (through
  the `module_feedback_choices` hook, so the modules app never imports this one).
- `on_module_published` runs when a module revision is published: the items it addresses
  become "applied" and point at the revision, a "What changed" entry is written, and senders
  who asked are emailed (after everything is stored).
- `from_comment` / `from_topic` turn a comment or forum post into a feedback item.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from community.discussion.notifications import absolute, send_safely
from community.feedback.models import Feedback
from community.forum.models import Topic

logger = logging.getLogger(__name__)

DEFAULT_NOTE = "Revised in response to readers' feedback."


def choices_for(page):
    """(id, label) for every open item about this module, or about no module in particular."""
    items = Feedback.objects.filter(status__in=Feedback.OPEN)
    if page.pk:
        items = items.filter(Q(module_id=page.pk) | Q(module__isnull=True))
    else:
        items = items.filter(module__isnull=True)
    # Items already ticked in this revision stay listed, even if applied since.
    ticked = [pk for pk in (page.addressed_feedback or []) if isinstance(pk, int)]
    latest = page.latest_revision if page.pk else None
    if ticked and page.has_unpublished_changes and not hasattr(latest, "module_change"):
        items = items | Feedback.objects.filter(pk__in=ticked)
    return [(item.pk, label(item)) for item in items.order_by("-created_at")[:200]]


def label(item):
    where = f" ({item.concerns})" if item.concerns else ""
    module = "" if item.module_id else " [no module]"
    text = Truncator(" ".join(item.text.split())).chars(110)
    sender = item.sender_name or "a reader"
    return f"#{item.pk} {item.get_status_display()}, {sender}{module}{where}: {text}"


def on_module_published(sender, instance, revision=None, **kwargs):
    note = (instance.change_note or "").strip()
    ticked = [pk for pk in (instance.addressed_feedback or []) if isinstance(pk, int)]
    if not note and not ticked:
        return
    from modules.models import ModuleChange

    if revision is not None and ModuleChange.objects.filter(revision=revision).exists():
        return  # this revision was published before (e.g. published again by a workflow)
    with transaction.atomic():
        items = list(
            Feedback.objects.select_for_update()
            .filter(pk__in=ticked)
            .exclude(status=Feedback.APPLIED)
            .order_by("created_at")
        )
        if not items:
            last = ModuleChange.objects.filter(page=instance).order_by("-pk").first()
            if not note or (last is not None and last.note == note):
                return  # nothing new: a republish of an earlier note
        credits = []
        for item in items:
            if item.credit_sender and item.sender_name and item.sender_name not in credits:
                credits.append(item.sender_name)
        change = ModuleChange.objects.create(
            page=instance,
            revision=revision,
            date=timezone.localdate(),
            note=note or DEFAULT_NOTE,
            feedback_count=len(items),
            credits=", ".join(credits)[:500],
        )
        now = timezone.now()
        for item in items:
            item.status = Feedback.APPLIED
            item.applied_revision = revision
            item.applied_at = now
            item.module_id = item.module_id or instance.pk
            item.save(update_fields=["status", "applied_revision", "applied_at", "module"])
    for item in items:
        if item.notify_sender and item.sender_email and item.sender_notified_at is None:
            tell_sender(item, change, instance)


def tell_sender(item, change, page):
    """The one email to the reader whose message led to the change, in the language they wrote
    in, with the module's address in that language."""
    with translation.override(item.language or settings.LANGUAGE_CODE):
        sent = send_safely(
            _('Your suggestion changed "{title}"').format(title=page.title),
            "community/email/feedback_applied",
            {
                "feedback": item,
                "change": change,
                "page": page,
                "changes_url": absolute(None, page.get_url() + "#changes"),
            },
            [item.sender_email],
        )
    if sent:
        Feedback.objects.filter(pk=item.pk).update(sender_notified_at=timezone.now())


def from_comment(comment):
    """The feedback item for a comment (made once; the same one if asked again)."""
    existing = Feedback.objects.filter(comment=comment).first()
    if existing is not None:
        return existing, False
    target = comment.content_object
    from modules.models import ModulePage

    module = target if isinstance(target, ModulePage) else None
    concerns = ""
    if comment.task_id and comment.task is not None:
        concerns = Truncator(f"Reflection task: {comment.task.prompt}").chars(200)
    user = comment.user if comment.user_id else None
    item = Feedback.objects.create(
        source=Feedback.FORUM if isinstance(target, Topic) else Feedback.COMMENT,
        sender_name=comment.author_name,
        sender_email=(user.email if user is not None else comment.user_email) or "",
        module=module,
        concerns=concerns,
        subject=Truncator(getattr(target, "title", "")).chars(300),
        text=comment.comment,
        language=Feedback.written_in(comment.comment),
        comment=comment,
        topic=target if isinstance(target, Topic) else None,
    )
    return item, True


def from_topic(topic):
    existing = Feedback.objects.filter(topic=topic, comment__isnull=True).first()
    if existing is not None:
        return existing, False
    author = topic.author
    item = Feedback.objects.create(
        source=Feedback.FORUM,
        sender_name=topic.author_name,
        sender_email=author.email if author is not None else "",
        subject=Truncator(topic.title).chars(300),
        text=f"{topic.title}\n\n{topic.body}",
        language=Feedback.written_in(f"{topic.title}\n\n{topic.body}"),
        topic=topic,
    )
    return item, True
