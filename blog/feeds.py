"""/blog/feed/ (RSS 2.0) and /blog/feed/atom/ (Atom 1.0), via Django's syndication framework.

Every link is absolute on SITE_URL (altcms.http.siteurl): a feed reader has no other way to find the
site, and Django would otherwise build them from the Site record and the request's scheme."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from altcms.http import siteurl

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index.title} · ALT Training Online"

    def link(self):
        return siteurl.absolute(self.index.url)

    def feed_url(self):
        return siteurl.absolute(self.request.path)

    def description(self):
        return "Guides, news and stories for Assistant Language Teachers in Japan."

    def items(self):
        return self.index.posts(self.request)[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.intro

    def item_link(self, post):
        return siteurl.absolute(post.url)

    def item_pubdate(self, post):
        return timezone.make_aware(datetime.combine(post.date, time(9, 0)))

    def item_author_name(self, post):
        return ", ".join(person.name for person in post.author_people) or None

    def item_categories(self, post):
        return [tag.name for tag in post.tags.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description
