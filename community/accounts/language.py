"""The language the site writes to a member in: the one they use the site in.

`Profile.language` is the member's choice: made on their profile or with the language switch,
and otherwise taken from the interface language they first sign up, sign in or post in
(`remember(..., unless_known=True)`): signing in on an English page, as anyone may after
following a link, does not undo a choice of Japanese. Every email to a member is written in
`language_of(user)`, whatever the language of the request that caused it
(community.discussion.notifications, community.accounts.adapter).

Remembering it is bookkeeping no reader sees, so it is an UPDATE (or a bulk INSERT) that sends
no signal and makes no page stale (altcms.caching.changes).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import DatabaseError, transaction
from django.utils.translation import get_language

from community.accounts.models import Profile, profile_of

logger = logging.getLogger(__name__)

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def supported(language):
    """`language` if it is one of the site's languages ("ja", "en"), else ""."""
    return language if language in LANGUAGES else ""


def language_of(user, default=None):
    """The language to write to `user` in: their stored choice, else `default`, else the site's
    (settings.LANGUAGE_CODE). No query when the profile was select_related."""
    profile = profile_of(user) if user is not None else None
    stored = supported(getattr(profile, "language", ""))
    return stored or supported(default or "") or settings.LANGUAGE_CODE


def remember(user, language=None, *, unless_known=False):
    """Store `language` (by default the active one, i.e. the request's) as `user`'s language;
    with `unless_known`, only if they have none yet. Ignores anyone not signed in and any
    language the site does not have; a database error is logged, never raised: it must not
    cost the member their sign-in or their post."""
    language = supported(language or get_language() or "")
    if not language or user is None or not getattr(user, "is_authenticated", False):
        return
    profile = profile_of(user)
    if profile is not None and (profile.language == language or unless_known and profile.language):
        return
    profiles = Profile.objects.filter(user=user)
    if unless_known:
        profiles = profiles.filter(language="")
    try:
        with transaction.atomic():
            if not profiles.update(language=language):
                Profile.objects.bulk_create(
                    [Profile(user=user, language=language)], ignore_conflicts=True
                )
    except DatabaseError:
        logger.exception("Could not remember the language of %s", user)
        return
    if profile is not None:
        profile.language = language


def admin_language(user):
    """The language `user` chose for the admin (Wagtail's Account settings → Language), or "".
    (Not UserProfile.get_preferred_language(): with no choice made, that is the language of
    whatever request is running, such as a reader's.)"""
    if user is None or not user.pk:
        return ""
    try:
        chosen = user.wagtail_userprofile.preferred_language  # no query if select_related
    except ObjectDoesNotExist:
        return ""
    return supported(chosen or "")


def editor_language(user):
    """The language to write to an editor in about their work (feedback, comments on pages they
    look after): their admin's, else their own as a member, else the site's."""
    return admin_language(user) or language_of(user)


def by_language(addresses):
    """{language: [address, ...]} for the editors' email `addresses`: an address that belongs
    to an active account gets that editor's language, any other the site's default."""
    users = {
        user.email.lower(): user
        for user in get_user_model()
        .objects.filter(is_active=True, email__in=list(addresses))
        .select_related("profile", "wagtail_userprofile")
    }
    groups = {}
    for address in addresses:
        user = users.get(address.lower())
        language = editor_language(user) if user is not None else settings.LANGUAGE_CODE
        groups.setdefault(language, []).append(address)
    return groups


# Receivers (connected in community.apps): the switch, allauth's sign-in and sign-up.


def on_language_chosen(sender, request, language, **kwargs):
    remember(getattr(request, "user", None), language)


def on_signed_in(sender, request, user, **kwargs):
    """allauth's user_logged_in and user_signed_up: the language the member used to do it."""
    if request is not None:
        remember(user, unless_known=True)
