"""Moderators and editors look after forum topics; editors may export consented answers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPICS = ["view_topic", "change_topic"]
RESEARCH = ["export_research_answers"]


def grant(apps, schema_editor):
    config = apps.get_app_config("community")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(codenames):
        return Permission.objects.filter(content_type__app_label="community", codename__in=codenames)

    for name in ("Moderators", "Editors"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms(TOPICS))
    Group.objects.get(name="Editors").permissions.add(*perms(RESEARCH))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_profiles_forum_progress"),
        ("community", "0003_moderator_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
