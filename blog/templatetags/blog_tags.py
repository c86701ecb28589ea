"""What module and resources pages show from the blog app, without importing it."""

from django import template

from altcms.caching.pagetree import public
from blog.articles import ArticlePage
from blog.authors import with_authors

register = template.Library()


@register.inclusion_tag("blog/includes/articles_about.html", takes_context=True)
def articles_about(context, module):
    """ALT research on this module's topic: live articles that name the module."""
    articles = public(ArticlePage.objects.live(), context.get("request"))
    articles = articles.filter(related_modules=module).order_by("-date")
    # Only what a link needs: a module page lists them, cold after every change to it.
    return {"articles": list(articles.only("title", "url_path", "is_example")[:5])}


@register.inclusion_tag("blog/includes/latest_articles.html", takes_context=True)
def latest_articles(context, count=5):
    articles = public(ArticlePage.objects.live(), context.get("request"))
    articles = with_authors(articles.order_by("-date").defer_streamfields())
    return {"articles": list(articles[:count])}
