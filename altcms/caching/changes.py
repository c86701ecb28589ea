"""What a reader can see change, and what each change makes stale: the one list.

Every installed model is in VISIBLE (its writes change what some reader is shown; the rule
beside it names the addresses that become stale) or in QUIET (no reader is shown anything that
depends on it; the reason is beside it). tests/altcms/test_cache_changes.py fails when a model
is in neither, so whoever adds a model decides. A write to a model in neither list makes
everything stale and logs a warning: correctness first.

Pages change for readers only when they are published, unpublished, moved or deleted, or a live
page is saved outside the editor: a draft, a revision, a lock or an editing session changes
nothing. What a page change makes stale (`page_rule`): the page and everything below it, the
pages above it that list it, other pages that show it (the page type's `cache_listed_on`:
neighbours, a reading list, the modules an article is about), pages that link to it (Wagtail's
reference index), search results, the sitemap, and the header and footer if it is in them.

How a change is applied: the rule's addresses are made stale in the in-app caches at once
(so the writer's own next request, and a test, sees the change) and again when the transaction
commits (so that nobody who rendered the old content while it was being written kept it under
the new tokens); the frontend cache is purged only once the change is committed, and again a
few seconds later where a task worker runs (a response that was already on its way when the
change committed may have been stored after the first purge). Pages are looked at again when
the transaction commits, when their inline parts (reflection tasks, related modules) are saved.
"""

import contextlib
import logging
import threading

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from wagtail import hooks
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from django_tasks import task

from altcms.caching import purge
from altcms.caching.addresses import Stale, address_of, page_addresses, url_path_addresses

logger = logging.getLogger(__name__)

_state = threading.local()  # `wholesale()` in progress on this thread
SEARCH = "/search/"
SITEMAP = "/sitemap.xml"
REPURGE_SECONDS = 5


# --- Rules: what one change makes stale -------------------------------------------------


def everything(instance):
    """Every page: the header and footer, or how every page is routed or rendered."""
    return Stale(everything=True)


def page_rule(page):
    """A page published, unpublished, moved, renamed or deleted (see the module docstring)."""
    page = page.specific_deferred
    stale = Stale(trees=set(page_addresses(page)), paths={SITEMAP})
    stale.trees.add(SEARCH)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
        stale.paths.update(listing_addresses(ancestor))
    for other in getattr(page, "cache_listed_on", list)():
        stale.paths.update(address_of(other) if not isinstance(other, str) else [other])
    for referrer in pages_referring_to(page):
        stale.paths.update(page_addresses(referrer))
    if page.show_in_menus and _is_top_level(page):
        stale.everything = True  # the footer lists it on every page
    return stale


def listing_addresses(page):
    """Where a page lists what is below it: its own address, and any of its own sub-URLs
    that list them too (a feed), from the page type's `cache_listing_addresses`."""
    own = getattr(page, "cache_listing_addresses", None)
    return own() if own is not None else page_addresses(page)


def privacy(restriction):
    """A view restriction added, changed or removed: as if the page were unpublished or
    published again, and the site-wide list of restricted pages."""
    stale = page_rule(restriction.page) if restriction.page_id else Stale()
    stale.named.add("privacy")
    return stale


def pages_using(instance):
    """A snippet or model that pages show (a reading, a person, an image): every page that
    uses it, from Wagtail's reference index, as if each were published again."""
    stale = Stale()
    for page in pages_referring_to(instance):
        stale.update(page_rule(page))
    return stale


def pages_tagged(tag):
    """A tag renamed or deleted: the posts that carry it. A new tag shows nowhere until a
    post with it is published."""
    if tag._state.adding:
        return Stale()
    return Stale(everything=True)


def search_results(instance):
    return Stale(trees={SEARCH})


def redirect_source(redirect):
    """A redirect answers where no page does: its old address must not be served from a cache."""
    return Stale(paths={redirect.old_path})


def module_changelog(change):
    """An entry in a module's public changelog: the module's page."""
    return Stale(trees=set(page_addresses(change.page))) if change.page_id else Stale()


def own_rule(instance):
    """The model says what it makes stale (its `cache_stale()`; see the model)."""
    return instance.cache_stale()


def comment_rule(comment):
    """A discussion comment (`cache_stale()` of the site's comment model); a row saved through
    the comment engine's own base classes: the page or topic it is on."""
    own = getattr(comment, "cache_stale", None)
    if own is not None:
        return own()
    target = comment.content_object
    return Stale(paths=set(address_of(target))) if target is not None else Stale()


def member(user):
    """A member's name or profile: where their name appears, from the apps that show it
    (the `cache_stale_for_user` hook)."""
    stale = Stale()
    for rule in hooks.get_hooks("cache_stale_for_user"):
        stale.update(rule(user))
    return stale


PAGE = page_rule

VISIBLE = {
    # Pages, through the page receivers below (every page type is a wagtailcore.page).
    "wagtailcore.page": PAGE,
    "wagtailcore.pageviewrestriction": privacy,
    "wagtailcore.pageviewrestriction_groups": privacy,
    "wagtailcore.collectionviewrestriction": everything,
    "wagtailcore.collectionviewrestriction_groups": everything,
    "wagtailcore.site": everything,
    "wagtailcore.locale": everything,
    "sites.site": everything,
    "altcms.sitesettings": everything,
    "modules.reading": pages_using,
    "modules.modulechange": module_changelog,
    "blog.person": pages_using,
    "wagtailimages.image": pages_using,
    "wagtaildocs.document": pages_using,
    "taggit.tag": pages_tagged,
    "wagtailsearchpromotions.searchpromotion": search_results,
    # A synonym set changes what every search finds (and the synonyms search reads, which are
    # kept in the shared cache under "/search/" too).
    "search.synonymset": search_results,
    "wagtailredirects.redirect": redirect_source,
    # Comment: its page or topic, the listings that show the topic's activity, the author's
    # profile. Topic: the topic, its board and the forum index, the author's profile, search.
    # Profile: everywhere the member's name appears.
    "community.comment": comment_rule,
    "django_comments_xtd.xtdcomment": comment_rule,
    "django_comments.comment": comment_rule,
    "community.topic": own_rule,
    "community.profile": own_rule,
    # A certificate: its public verification page (opened, or gone with the account).
    "community.certificate": own_rule,
    # A glossary term: the glossary and every module (first mentions link to it).
    "modules.glossaryterm": own_rule,
    "modules.glossaryterm_modules": own_rule,
    "modules.glossaryterm_see_also": own_rule,
    # A member's username or name (never a sign-in: see USER_BOOKKEEPING).
    "auth.user": member,
}

QUIET = {
    "sessions.session": "sign-ins and sessions",
    "auth.permission": "what editors may do in the admin",
    "auth.group": "who may do what in the admin",
    "auth.group_permissions": "who may do what in the admin",
    "auth.user_groups": "who may do what in the admin",
    "auth.user_user_permissions": "who may do what in the admin",
    "contenttypes.contenttype": "bookkeeping",
    "account.emailaddress": "members' addresses, shown to no one else",
    "account.emailconfirmation": "email confirmations",
    "altcms.seedrecord": "what seed_site built (seed_site makes everything stale itself)",
    "wagtailcore.revision": "drafts and revisions: readers see a page only when published",
    "wagtailcore.pagelogentry": "the admin's history",
    "wagtailcore.modellogentry": "the admin's history",
    "wagtailcore.pagesubscription": "editors' notification choices",
    "wagtailcore.comment": "editors' comments on drafts",
    "wagtailcore.commentreply": "editors' comments on drafts",
    "wagtailcore.workflow": "the editorial workflow",
    "wagtailcore.workflowtask": "the editorial workflow",
    "wagtailcore.workflowstate": "the editorial workflow",
    "wagtailcore.workflowpage": "the editorial workflow",
    "wagtailcore.workflowcontenttype": "the editorial workflow",
    "wagtailcore.task": "the editorial workflow",
    "wagtailcore.taskstate": "the editorial workflow",
    "wagtailcore.groupapprovaltask": "the editorial workflow",
    "wagtailcore.groupapprovaltask_groups": "the editorial workflow",
    "wagtailcore.grouppagepermission": "what editors may do in the admin",
    "wagtailcore.groupsitepermission": "what editors may do in the admin",
    "wagtailcore.groupcollectionpermission": "what editors may do in the admin",
    "wagtailcore.collection": "folders for images and documents in the admin",
    "wagtailcore.uploadedfile": "uploads not yet attached to anything",
    "wagtailcore.referenceindex": "Wagtail's record of what uses what",
    "wagtailcore.apitoken": "the admin's API tokens",
    "wagtailadmin.admin": "the admin's permissions",
    "wagtailadmin.editingsession": "editors' open tabs (pinged every few seconds)",
    "wagtailadmin.formstate": "the admin's form state",
    "wagtailusers.userprofile": "editors' admin preferences",
    "wagtailimages.rendition": "image sizes, made while pages render",
    "wagtailembeds.embed": "oEmbed answers, kept while pages render",
    "wagtailsearch.indexentry": "the search index (search results follow publishing)",
    "wagtailsearch.sqliteftsindexentry": "the search index (search results follow publishing)",
    # Counts only: the empty search page names approved terms alone (search/popular.py), and
    # what approves one (a promotion, a module, a glossary term) is VISIBLE.
    "wagtailsearchpromotions.query": "search-term logging",
    "wagtailsearchpromotions.querydailyhits": "search-term logging",
    "search.searchterm": "search-term statistics, read by editors in the admin",
    "wagtailforms.formsubmission": "contact-form submissions, read by editors",
    "django_comments.commentflag": "readers' reports, read by moderators",
    "django_comments_xtd.blacklisteddomain": "domains refused when posting",
    "community.commentedit": "earlier versions of comments, read by moderators",
    "community.blockedauthor": "blocked authors (their posts are removed one by one)",
    "community.topicfollow": "who is emailed about replies",
    "community.moduleprogress": "a member's own progress",
    "community.selfcheckpass": "a member's own progress (readers see the same self-check)",
    "community.feedback": "the editors' feedback inbox",
    "community.contactformfield": "part of the contact page, published with it",
    "modules.reflectiontask": "part of a module page, published with it",
    "modules.modulereading": "part of a module page, published with it",
    "modules.relatedmodule": "part of a module page, published with it",
    "modules.moduledialogue": "part of a module page, published with it",
    "modules.learningpath": "part of the learning-paths page, published with it",
    "modules.resourcedownload": "part of the Resources page, published with it",
    "modules.resourcelink": "part of the Resources page, published with it",
    # Published with the common problems page, which makes search results stale (page_rule).
    "modules.problem": "part of the common problems page, published with it",
    "blog.blogposttag": "part of a blog post, published with it",
    "blog.blogpostauthor": "part of a blog post, published with it",
    "blog.articlekeyword": "part of an article, published with it",
    "blog.articleauthor": "part of an article, published with it",
    "blog.articlepage_related_modules": "part of an article, published with it",
    "taggit.taggeditem": "tags of pages, published with them",
    "django_tasks_database.dbtaskresult": "the task queue",
    "altcms.outgoingemail": "email waiting to be sent, seen by editors only",
    "altcms.formreceipt": "which form submissions were already received",
    "migrations.migration": "which migrations have run (a release makes everything stale)",
}

# Fields whose changes alone are bookkeeping: a draft saved, a page locked, a sign-in.
PAGE_BOOKKEEPING = {
    "draft_title",
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "wagtail_admin_comments",
    "owner",
}
USER_BOOKKEEPING = {"last_login", "password"}


def rule_for(instance):
    """The rule for a write to `instance`'s model; None for a quiet one, and for the
    historical models migrations write with (a release makes everything stale anyway)."""
    if instance._meta.apps is not global_apps:
        return None
    if isinstance(instance, Page):
        return PAGE
    label = instance._meta.label_lower
    if label in VISIBLE:
        return VISIBLE[label]
    if label in QUIET:
        return None
    logger.warning("Cache: %s is in neither VISIBLE nor QUIET; everything made stale.", label)
    return everything


# --- Pages and models that help rules -----------------------------------------------------


def pages_referring_to(instance):
    """The live pages that use `instance` (Wagtail's reference index)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    ids = (
        ReferenceIndex.get_references_to(instance)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    wanted = [int(pk) for pk in ids if str(pk).isdigit()]
    return list(Page.objects.filter(pk__in=wanted).live().specific(defer=True)) if wanted else []


def _is_top_level(page):
    """Is the page a child of a site's root (where the footer lists pages)?"""
    for _site, root_path, _url, _language in Site.get_site_root_paths():
        rest = page.url_path[len(root_path) :] if page.url_path.startswith(root_path) else None
        if rest is not None and rest.strip("/") and "/" not in rest.strip("/"):
            return True
    return False


# --- Collecting changes and applying them ---------------------------------------------------


class Batch:
    """The changes of one transaction, made stale in full when it commits."""

    def __init__(self):
        self.stale = Stale()
        self.pages = set()  # ids of pages to look at again when the transaction commits

    def __call__(self):
        for page in Page.objects.filter(pk__in=self.pages).specific(defer=True):
            self.stale.update(page_rule(page))
        stale, self.stale, self.pages = self.stale, Stale(), set()
        purge.flush(stale, frontend=True)
        _repurge_later(stale)


@contextlib.contextmanager
def wholesale():
    """For a command that changes much at once (seed_site): nothing is worked out change by
    change; everything is made stale once, at the end."""
    _state.wholesale = True
    try:
        yield
    finally:
        _state.wholesale = False
        note(Stale(everything=True))


def note(stale, page=None):
    """Make `stale` (and what `page` makes stale) stale now, and again, with `page` looked at
    afresh, when the transaction commits; the frontend cache only once it has committed."""
    if getattr(_state, "wholesale", False):
        return
    if page is not None:
        stale.update(page_rule(page))
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        purge.flush(stale, frontend=True)
        _repurge_later(stale)
        return
    purge.flush(stale, frontend=False)
    batch = next(
        (func for _sids, func, _robust in connection.run_on_commit if isinstance(func, Batch)),
        None,
    )
    if batch is None:
        batch = Batch()
        transaction.on_commit(batch, robust=True)
    batch.stale.update(stale)
    if page is not None:
        batch.pages.add(page.pk)


def changed(instance):
    """An explicit change (one that sent no signal: a queryset update), as if saved."""
    rule = rule_for(instance)
    if rule is not None:
        note(rule(instance))


def _repurge_later(stale):
    urls = purge.frontend_urls(stale)
    if urls:
        purge.defer(repurge, REPURGE_SECONDS, urls)


@task()
def repurge(urls):
    purge.purge_urls(urls)


# --- Receivers ---------------------------------------------------------------------------


def _bookkeeping(instance, update_fields):
    if not update_fields:
        return False
    fields = set(update_fields)
    if isinstance(instance, Page):
        return fields <= PAGE_BOOKKEEPING
    if instance._meta.label_lower == settings.AUTH_USER_MODEL.lower():
        return fields <= USER_BOOKKEEPING
    return False


def before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """What the row showed before this save (its old address, board or listings)."""
    if raw or instance._state.adding or instance.pk is None:
        return
    rule = rule_for(instance)
    if rule is None or _bookkeeping(instance, update_fields):
        return
    manager = (Page if isinstance(instance, Page) else type(instance))._default_manager
    old = manager.filter(pk=instance.pk).first()
    if old is None or (isinstance(old, Page) and not old.live):
        return
    instance._cache_stale_before = rule(old.specific if isinstance(old, Page) else old)


def after_save(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    rule = rule_for(instance)
    if rule is None or _bookkeeping(instance, update_fields):
        return
    before = instance.__dict__.pop("_cache_stale_before", None)
    if isinstance(instance, Page):
        if instance.live or before is not None:
            note(before or Stale(), page=instance)
        return
    if created and rule is member:
        return  # a new account: nothing of theirs is shown yet
    stale = rule(instance)
    if before is not None:
        stale.update(before)
    note(stale)


def before_delete(sender, instance, **kwargs):
    rule = rule_for(instance)
    if rule is None:
        return
    if isinstance(instance, Page) and not instance.live:
        return
    note(rule(instance.specific if isinstance(instance, Page) else instance))


def relation_changed(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    label = sender._meta.label_lower
    if label in QUIET or sender._meta.apps is not global_apps:
        return
    rule = VISIBLE.get(label)
    if rule is None:
        logger.warning("Cache: %s is in neither VISIBLE nor QUIET; everything made stale.", label)
        rule = everything
    if not reverse:
        note(rule(instance))
    elif pk_set is None:  # cleared from the other side: which rows it touched is not known
        note(everything(instance))
    else:
        for row in model._default_manager.filter(pk__in=pk_set):
            note(rule(row))


def published(sender, instance, **kwargs):
    note(Stale(), page=instance)


def unpublished(sender, instance, **kwargs):
    note(page_rule(instance))


def before_move(sender, instance, **kwargs):
    note(page_rule(instance))


def after_move(sender, instance, url_path_before, **kwargs):
    note(Stale(trees=set(url_path_addresses(url_path_before))), page=instance)


def after_migrate(**kwargs):
    """A release may render every page differently: everything is stale. (A database cache
    whose table is not made yet has nothing to make stale.)"""
    with contextlib.suppress(DatabaseError):
        purge.flush(Stale(everything=True))


def connect():
    """Wire the receivers (AltcmsConfig.ready)."""
    pre_save.connect(before_save, dispatch_uid="caching-before-save")
    post_save.connect(after_save, dispatch_uid="caching-after-save")
    pre_delete.connect(before_delete, dispatch_uid="caching-before-delete")
    m2m_changed.connect(relation_changed, dispatch_uid="caching-relation")
    page_published.connect(published, dispatch_uid="caching-published")
    page_unpublished.connect(unpublished, dispatch_uid="caching-unpublished")
    pre_page_move.connect(before_move, dispatch_uid="caching-before-move")
    post_page_move.connect(after_move, dispatch_uid="caching-after-move")
