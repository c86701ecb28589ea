"""Telling ALT authors what happened to their submitted article, and making its PDF public
once the article is."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Collection

from altcms.http import siteurl
from altcms.http.language import counterpart
from altcms.ops.mail import language_for
from blog.articles import ArticlePage

logger = logging.getLogger(__name__)

PUBLIC_COLLECTION = "Research articles"


def _submitted_article(workflow_state):
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    if isinstance(page, ArticlePage) and page.submitted_by and page.submitted_by.email:
        return page
    return None


def _tell_author(article, subject, template, context):
    """Email the article's author in their own language (whoever the editor was), with links
    to the pages in it; `subject` is a function, called in that language."""
    author = article.submitted_by
    language = language_for(author)
    index = article.get_parent().specific
    with translation.override(language):
        context = {
            "article": article,
            "author": author,
            "article_url": siteurl.absolute(counterpart(article.url, language)),
            "submit_url": siteurl.absolute(
                counterpart(index.url + index.reverse_subpage("submit"), language)
            ),
            **context,
        }
        try:
            send_mail(
                subject(),
                render_to_string(template, context),
                settings.DEFAULT_FROM_EMAIL,
                [author.email],
            )
        except Exception:
            logger.exception("Could not tell the author of %s", article)


def article_approved(sender, instance, user=None, **kwargs):
    article = _submitted_article(instance)
    if article is not None:
        _tell_author(
            article,
            lambda: _("Your article is published: “{title}”").format(title=article.title),
            "blog/email/article_published.txt",
            {},
        )


def article_sent_back(sender, instance, user=None, **kwargs):
    article = _submitted_article(instance)
    if article is None:
        return
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state else ""
    _tell_author(
        article,
        lambda: _("The editors have comments on “{title}”").format(title=article.title),
        "blog/email/article_sent_back.txt",
        {"comment": comment},
    )


def article_published(sender, instance, **kwargs):
    """A submitted PDF waits in a private collection; it becomes public with its article."""
    pdf = instance.pdf
    if pdf is None or pdf.collection.name != "Article submissions":
        return
    root = Collection.get_first_root_node()
    public = root.get_children().filter(name=PUBLIC_COLLECTION).first()
    pdf.collection = public or root.add_child(name=PUBLIC_COLLECTION)
    pdf.save(update_fields=["collection"])
