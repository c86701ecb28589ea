"""Editors see the outgoing email (what could not be sent, and why) and can send it again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_outgoingemail", "change_outgoingemail"]


def grant(apps, schema_editor):
    altcms_config = apps.get_app_config("altcms")
    altcms_config.models_module = True
    create_permissions(altcms_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="altcms", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(*editors.permissions.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("altcms", "0003_formreceipt_outgoingemail")]

    operations = [migrations.RunPython(grant, revoke)]
