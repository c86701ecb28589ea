"""Editors keep the synonym sets (Search → Synonyms in the admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_synonymset", "change_synonymset", "delete_synonymset", "view_synonymset"]


def grant(apps, schema_editor):
    config = apps.get_app_config("search")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="search", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("search", "0003_synonyms_and_search_terms"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
