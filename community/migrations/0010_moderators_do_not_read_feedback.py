"""Moderators send comments and topics to the feedback inbox but do not read it: it holds
readers' messages and email addresses, which are for the editors."""

from django.db import migrations


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.remove(
            *Permission.objects.filter(content_type__app_label="community", codename="view_feedback")
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0009_feedback_permissions")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
