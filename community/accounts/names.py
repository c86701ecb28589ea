"""Names people show: one line, no invisible direction tricks, no one else's name.

Bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) can make a
name display as something else ("⁮nimdA" shown as "Admin"), and zero-width characters can make
two different names look alike; they are removed. A name may not be a staff role, and a display
name may not be another member's username or display name.

Usernames and display names are stored in Unicode's compatibility form (NFKC, as Django's own
`create_user` does for usernames): a full-width ｔａｎａｋａ is saved, and signed in with, as
tanaka. Names are compared folded (`folded`: NFKC, then case-folded), so a look-alike of someone's
name counts as theirs.
"""

import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

# Bidi embeddings, overrides and isolates; marks; zero-width characters and the BOM.
INVISIBLE_RE = re.compile(r"[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
RESERVED = {
    "admin",
    "administrator",
    "editor",
    "editors",
    "moderator",
    "moderators",
    "staff",
    "root",
    "webmaster",
    "support",
    "the editors",
    "alt training online",
    "former member",
}


def clean_name(text):
    """One line of visible text: invisible and control characters gone, spaces collapsed."""
    text = INVISIBLE_RE.sub("", str(text))
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())


def normalised(text):
    """The form a name is stored (and a username signed in) with: full-width letters and
    digits, half-width kana, ligatures and the like in their usual form (ｔａｎａｋａ → tanaka,
    ｶﾅ → カナ)."""
    return unicodedata.normalize("NFKC", str(text))


def folded(text):
    """What two names are compared as: visible text, NFKC, case-folded (Ａｄｍｉｎ → admin)."""
    return clean_name(normalised(text)).casefold()


def is_reserved(name):
    return folded(name) in RESERVED


def taken_by_other(name, user=None):
    """Is `name` another member's username or display name (ignoring case and width)? Both are
    stored normalised, so comparing the name in each of its forms with them finds a look-alike
    whichever form it is typed in."""
    from community.accounts.models import Profile

    variants = {name, normalised(name), folded(name)}
    others = get_user_model().objects.all()
    profiles = Profile.objects.all()
    if user is not None and user.pk:
        others = others.exclude(pk=user.pk)
        profiles = profiles.exclude(user_id=user.pk)
    same_username = Q(pk__in=[])
    same_display = Q(pk__in=[])
    for variant in variants:
        same_username |= Q(username__iexact=variant)
        same_display |= Q(display_name__iexact=variant)
    return others.filter(same_username).exists() or profiles.filter(same_display).exists()


def check_display_name(name, user=None):
    """Raise a ValidationError if `name` may not be shown as this member's name."""
    if not name:
        return
    if is_reserved(name):
        raise forms.ValidationError(
            _("That name is kept for the site's own staff. Choose a name of your own.")
        )
    if taken_by_other(name, user):
        raise forms.ValidationError(
            _(
                "Another member already uses that name. Choose a different one, so that "
                "nobody mistakes your posts for theirs."
            )
        )
