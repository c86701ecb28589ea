"""A member's profile and the name shown with what they write."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from altcms.caching import changes
from altcms.content.choices import HIRING_ROUTES, PREFECTURES, SCHOOL_LEVELS


def profile_of(user):
    """The user's Profile, or None; never a query when it was select_related."""
    try:
        return user.profile
    except (AttributeError, ObjectDoesNotExist):
        return None


# The name shown for what a deleted account wrote.
FORMER_MEMBER = "Former member"


def display_name(user):
    profile = profile_of(user)
    return shown_name(
        profile.display_name if profile is not None else "",
        user.get_full_name(),
        user.get_username(),
    )


def shown_name(display_name, full_name, username):
    """The name a member is shown by: their display name, else their full name, else their
    username (for callers that read these as values rather than as models)."""
    return display_name or full_name or username


class Profile(models.Model):
    """An ALT's profile: who they are and where they teach; public only if they say so."""

    MOST_YEARS_AS_ALT = 60
    BIO_MAX_LENGTH = 1000

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("The name shown with your comments and topics."),
    )
    hiring_route = models.CharField(
        max_length=20, blank=True, choices=HIRING_ROUTES, verbose_name=_("How you were hired")
    )
    prefecture = models.CharField(_("prefecture"), max_length=2, blank=True, choices=PREFECTURES)
    school_levels = models.JSONField(
        default=list, blank=True, help_text=_("Which school levels you teach.")
    )
    years_as_alt = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MOST_YEARS_AS_ALT)],
        verbose_name=_("Years as an ALT"),
    )
    bio = models.TextField(max_length=BIO_MAX_LENGTH, blank=True, verbose_name=_("About you"))
    is_public = models.BooleanField(
        default=False,
        verbose_name=_("Show my profile to everyone"),
        help_text=_("If not ticked, only you can see it; your name still appears on your posts."),
    )
    # The language the site writes to this member in (notifications, account emails): set from
    # the language they use the site in (community.accounts.language), or chosen on the profile.
    language = models.CharField(
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        verbose_name=_("Language for emails"),
        help_text=_(
            "Replies, notifications and account emails come in this language. Switching the "
            "site's language while signed in changes it too."
        ),
    )

    def __str__(self):
        return f"Profile of {self.user}"

    def get_absolute_url(self):
        return profile_address(self.user.get_username())

    def cache_stale(self):
        """Everywhere this member's name or profile appears (altcms.caching.changes)."""
        return changes.member(self.user)

    def school_level_labels(self):
        labels = dict(SCHOOL_LEVELS)
        return [labels[level] for level in self.school_levels if level in labels]


def profile_address(username):
    return reverse("community:person", args=[username])


def profile_addresses(user):
    """The address of a member's profile page (shown only if public, kept either way)."""
    return [profile_address(user.get_username())]
