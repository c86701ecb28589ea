"""Moderators moderate the community and nothing else; editors may moderate too.

Wagtail's default Moderators group can edit and publish pages and manage images and documents;
here that group gets only the admin, the comment queue and blocking, as DESIGN.md gives them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATION = [
    ("wagtailadmin", "access_admin"),
    ("django_comments", "can_moderate"),
    ("community", "view_comment"),
    ("community", "change_comment"),
    ("community", "view_blockedauthor"),
    ("community", "add_blockedauthor"),
    ("community", "change_blockedauthor"),
    ("community", "delete_blockedauthor"),
]


def permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in pairs
    ]


def set_moderator_rights(apps, schema_editor):
    for label in ("django_comments", "community"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    moderators.permissions.set(permissions(apps, MODERATION))

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions(apps, MODERATION))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_blockedauthor_comment_commentedit"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("altcms", "0002_editor_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # After Wagtail's own migrations grant Moderators images and documents.
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(set_moderator_rights, migrations.RunPython.noop)]
