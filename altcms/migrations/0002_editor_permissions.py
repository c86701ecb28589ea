"""Editors revise, preview and publish pages and manage readings; they need no developer."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
READING_PERMISSIONS = ["add_reading", "change_reading", "delete_reading"]


def grant(apps, schema_editor):
    # Model permissions are normally made after migrate; make the readings' ones now.
    modules_config = apps.get_app_config("modules")
    modules_config.models_module = True
    create_permissions(modules_config, verbosity=0, apps=apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    editors, _ = Group.objects.get_or_create(name="Editors")
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=editors, page=root, permission=permission
            )
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="modules", codename__in=READING_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        GroupPagePermission.objects.filter(
            group=editors, permission__codename__in=["publish_page", "lock_page", "unlock_page"]
        ).delete()
        editors.permissions.remove(
            *editors.permissions.filter(codename__in=READING_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("altcms", "0001_initial"),
        ("modules", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
