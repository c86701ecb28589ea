"""The allow-list (altcms.caching.changes): every model is classified, and what readers cannot
see change (sign-ins, progress, drafts, editors' open tabs, search logging, feedback, form
submissions, email confirmations) makes nothing stale: cached pages stay hits."""

import re

from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.admin.models import EditingSession
from wagtail.models import Page

import pytest
from allauth.account.models import EmailAddress

from altcms.caching import changes, store
from altcms.caching.addresses import tags_for
from community.models import ContactPage, ModuleProgress
from tests.admin_forms import edit_form_data
from tests.helpers import add_comment, make_user


def test_every_installed_model_is_visible_or_quiet_and_never_both():
    unclassified, both = [], []
    for model in apps.get_models(include_auto_created=True):
        if issubclass(model, Page):
            continue  # every page type is a wagtailcore.page: published, or not seen at all
        label = model._meta.label_lower
        if label in changes.VISIBLE and label in changes.QUIET:
            both.append(label)
        elif label not in changes.VISIBLE and label not in changes.QUIET:
            unclassified.append(label)
    assert unclassified == [], (
        "Say in altcms/caching/changes.py whether readers see these models change "
        "(VISIBLE, with what it makes stale) or not (QUIET, with why)"
    )
    assert both == []


def test_a_model_in_neither_list_makes_everything_stale(db, caplog):
    class Unlisted:
        class _meta:  # noqa: N801 - what Django's models carry
            apps = apps
            label_lower = "elsewhere.unlisted"

    rule = changes.rule_for(Unlisted())
    assert rule(Unlisted()).everything
    assert "elsewhere.unlisted is in neither" in caplog.text


ADDRESSES = ["/", "/modules/", "/blog/", "/forum/"]


@pytest.fixture
def warm(cached_site, module):
    """The site's main addresses cached for anonymous readers."""
    urls = [*ADDRESSES, module.url]
    for url in urls:
        Client().get(url)
        assert Client().get(url)["X-Cache"] == "hit", url

    def still_hits():
        return {url: Client().get(url)["X-Cache"] for url in urls}

    return still_hits


def tokens(*urls):
    cache = store.shared_cache()
    return {tag: cache.get(store.tag_key(tag)) for url in urls for tag in tags_for(url)}


@pytest.fixture
def alt_has_written(cached_site, module, alt):
    """Kenji's name is on the module page, so a change to him would make it stale."""
    add_comment(module, "We plan in the corridor", user=alt)


def test_nothing_a_reader_cannot_see_makes_anything_stale(db, alt_has_written, warm, module, alt):
    before = tokens(*ADDRESSES, module.url)

    # Signing in through the real form (last_login, a session, allauth's records).
    EmailAddress.objects.create(user=alt, email=alt.email, verified=True, primary=True)
    reader = Client()
    response = reader.post("/accounts/login/", {"login": "kenji", "password": "a-long-pass-phrase"})
    assert response.status_code == 302
    assert reader.get("/community/me/").status_code == 200  # signed in
    # Marking a module done, and undoing it.
    assert reader.post("/community/progress/", {"module": module.pk}).status_code == 302
    assert ModuleProgress.objects.filter(user=alt, module=module).exists()
    reader.post("/community/progress/", {"module": module.pk, "done": ""})
    # A search (its term is logged).
    assert Client().get("/search/?q=phonics").status_code == 200
    # A new account, with its email confirmation.
    signup = Client().post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "username": "newalt",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert signup.status_code == 302
    # A message to the editors (a form submission and a feedback item).
    contact = Client().post(
        ContactPage.objects.get().url,
        {
            "name": "Ana",
            "email": "ana@example.com",
            "module": str(module.pk),
            "about": "",
            "message": "The link to the reading is broken.",
            "honeypot": "",
        },
    )
    assert contact.status_code == 302  # and answered with a thank-you page (PRG)

    assert tokens(*ADDRESSES, module.url) == before
    assert set(warm().values()) == {"hit"}


def test_an_editor_at_work_makes_nothing_stale_until_they_publish(db, warm, module):
    editor = make_user("edie")
    editor.groups.add(Group.objects.get(name="Editors"))
    staff = Client()
    staff.force_login(editor)
    before = tokens(*ADDRESSES, module.url)

    # Opening the editor starts an editing session, which the open tab pings.
    edit_url = reverse("wagtailadmin_pages:edit", args=[module.pk])
    assert staff.get(edit_url).status_code == 200
    session = EditingSession.objects.get(user=editor, object_id=str(module.pk))
    ping = reverse(
        "wagtailadmin_editing_sessions:ping",
        args=["wagtailcore", "page", module.pk, session.pk],
    )
    for _ in range(3):
        assert staff.post(ping).status_code == 200
    # Saving a draft (a revision), then submitting it for moderation (a workflow state).
    draft = edit_form_data(module, summary="A draft nobody reads yet.")
    assert staff.post(edit_url, draft).status_code == 302
    assert tokens(*ADDRESSES, module.url) == before
    assert set(warm().values()) == {"hit"}
    assert "A draft nobody reads yet." not in Client().get(module.url).content.decode()

    published = dict(draft, **{"action-publish": "action-publish"})
    assert staff.post(edit_url, published).status_code == 302
    assert tokens(module.url) != {tag: before[tag] for tag in tags_for(module.url)}
    assert "A draft nobody reads yet." in Client().get(module.url).content.decode()
    assert warm()["/forum/"] == "hit"  # the forum shows nothing of a module


def test_a_change_names_addresses_as_the_frontend_cache_sees_them(db, settings, module):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "altcms.caching.purge.PurgeBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    settings.SITE_URL = "https://alt.example.org"
    stale = changes.page_rule(module)
    urls = changes.purge.frontend_urls(stale)
    assert f"https://alt.example.org{module.url}*" in urls  # the page and below it
    assert f"https://alt.example.org{module.get_parent().url}" in urls  # its category
    assert "https://alt.example.org/" in urls  # the home page's listing, not everything below
    assert "https://alt.example.org/search/*" in urls
    assert not any(re.fullmatch(r"https://alt\.example\.org/\*", url) for url in urls)
