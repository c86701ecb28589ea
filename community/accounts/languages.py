"""The language to write to a member of staff in: the one they chose for the admin (Wagtail's
Account settings → Language), else the site's default."""

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail.users.models import UserProfile


def language_of(user):
    """`user`'s admin language, or settings.LANGUAGE_CODE when they have not chosen one.
    (Not UserProfile.get_preferred_language(): with no choice made, that is the language of
    whatever request is running, here the reader's.)"""
    if user is None:
        return settings.LANGUAGE_CODE
    return UserProfile.get_for_user(user).preferred_language or settings.LANGUAGE_CODE


def by_language(addresses):
    """{language: [address, ...]} for the email `addresses`: an address that belongs to an
    active account gets that account's admin language, any other the site's default."""
    users = {
        user.email.lower(): user
        for user in get_user_model().objects.filter(is_active=True, email__in=list(addresses))
    }
    groups = {}
    for address in addresses:
        language = language_of(users.get(address.lower()))
        groups.setdefault(language, []).append(address)
    return groups
