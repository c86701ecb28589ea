"""Usernames and display names are stored in NFKC form from now on, and the sign-in form
normalises what is typed (community.accounts.names). A name saved before in another form (a
full-width ｔａｎａｋａ from the sign-up form) would escape the look-alike check, and a username in
that form could no longer be signed in with; each is rewritten in NFKC form. A username whose NFKC
form is not a valid username, or is another account's (case aside), is left as it is and logged:
its owner still signs in with their email address."""

import logging
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import migrations

logger = logging.getLogger(__name__)


def nfkc(text):
    return unicodedata.normalize("NFKC", text)


def normalise(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    field = User._meta.get_field("username")
    for pk, username in User.objects.values_list("pk", "username").iterator():
        normal = nfkc(username)
        if normal == username:
            continue
        try:
            field.run_validators(normal)
        except ValidationError:
            logger.warning("Username %r (user %s) kept: %r is not valid", username, pk, normal)
            continue
        if User.objects.filter(username__iexact=normal).exclude(pk=pk).exists():
            logger.warning("Username %r (user %s) kept: %r is taken", username, pk, normal)
            continue
        User.objects.filter(pk=pk).update(username=normal)

    Profile = apps.get_model("community", "Profile")
    limit = Profile._meta.get_field("display_name").max_length
    for pk, name in Profile.objects.exclude(display_name="").values_list("pk", "display_name"):
        normal = " ".join(nfkc(name).split())
        if normal != name and len(normal) <= limit:
            Profile.objects.filter(pk=pk).update(display_name=normal)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0018_certificate_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
