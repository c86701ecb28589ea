"""Editors see the members' certificates in the admin and may revoke and restore them.
Moderators do not: the list names members, which is for the editors (as the feedback inbox)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = ["view_certificate", "revoke_certificate"]


def grant(apps, schema_editor):
    config = apps.get_app_config("community")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="community", codename__in=EDITORS)
    )


class Migration(migrations.Migration):
    dependencies = [("community", "0017_certificate_revoked")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
