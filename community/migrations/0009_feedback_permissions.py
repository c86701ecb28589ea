"""Editors work the feedback inbox and the modules' changelogs; moderators may send comments
and forum posts to it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = {
    "community": ["add_feedback", "view_feedback", "change_feedback"],
    "modules": ["view_modulechange", "change_modulechange", "delete_modulechange"],
}
MODERATORS = {"community": ["add_feedback", "view_feedback"]}


def grant(apps, schema_editor):
    for label in ("community", "modules"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for name, wanted in (("Editors", EDITORS), ("Moderators", MODERATORS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in wanted.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0008_feedback"),
        ("modules", "0005_module_changes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
