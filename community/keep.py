"""Nothing readers wrote is lost by deleting a page.

A page that has ever been published, or that holds comments, forum topics or form submissions
(itself or any page below it), cannot be deleted from the admin, singly or in bulk: the editor is
told what it holds and to unpublish it instead, which hides it and keeps everything, ready to be
published again. Drafts that never went live and hold nothing can still be deleted. A
moderator's removal of a comment never deletes it either (community.discussion.moderation.remove).
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.utils.text import get_text_list

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, get_page_models

from community.models import Comment, Topic


def what_deleting_would_lose(pages):
    """Readable phrases for what deleting `pages` and their descendants would destroy."""
    ids = set()
    for page in pages:
        ids.update(page.get_descendants(inclusive=True).values_list("pk", flat=True))
    page_types = ContentType.objects.get_for_models(*get_page_models()).values()
    published = Page.objects.filter(pk__in=ids, first_published_at__isnull=False)
    counts = [
        (published.count(), "published page"),
        (
            Comment.objects.filter(
                content_type__in=page_types, object_pk__in=[str(pk) for pk in ids]
            ).count(),
            "comment",
        ),
        (Topic.objects.filter(board_id__in=ids).count(), "forum topic"),
        (FormSubmission.objects.filter(page_id__in=ids).count(), "form submission"),
    ]
    return [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts if n]


def refuse(request, pages, back_to):
    lost = what_deleting_would_lose(pages)
    if not lost:
        return None
    names = get_text_list([f"“{page.title}”" for page in pages], "and")
    messages.error(
        request,
        f"{names} can't be deleted: that would destroy {get_text_list(lost, 'and')}. "
        "Unpublish instead: the page leaves the site, and everything in it is kept and can be "
        "published again.",
    )
    return redirect("wagtailadmin_explore", back_to)


def before_delete_page(request, page):
    return refuse(request, [page], page.get_parent().pk)


def before_bulk_action(request, action_type, objects, action_class_instance):
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if action_type != "delete" or not pages:
        return None
    return refuse(request, pages, pages[0].get_parent().pk)
