"""What happens to a person's posts when their account is deleted (from the site or the
admin): they stay, under "Former member", with no name, email or address, and no more email
is sent to them about replies."""

from community.discussion.models import Comment


def forget_deleted_user(sender, instance, **kwargs):
    Comment.objects.filter(user=instance).update(
        user=None, user_name="", user_email="", ip_address=None, followup=False
    )
