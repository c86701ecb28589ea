"""Editors keep the glossary: they add, correct and remove its terms."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GLOSSARY_PERMISSIONS = ["add_glossaryterm", "change_glossaryterm", "delete_glossaryterm"]


def grant(apps, schema_editor):
    # Model permissions are normally made after migrate; make the glossary's now.
    modules_config = apps.get_app_config("modules")
    modules_config.models_module = True
    create_permissions(modules_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="modules", codename__in=GLOSSARY_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *editors.permissions.filter(codename__in=GLOSSARY_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0009_glossary"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
