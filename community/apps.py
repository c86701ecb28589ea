from django.apps import AppConfig
from django.db.models.signals import pre_save


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"

    def ready(self):
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        # django-comments-xtd hides every reply when a comment is removed; here a removed
        # comment leaves a placeholder and its replies stay, so the thread stays whole.
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender="community.Comment")

        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from community.discussion.signals import forget_deleted_user

        pre_delete.connect(
            forget_deleted_user, sender=get_user_model(), dispatch_uid="community-forget-user"
        )

        from wagtail.signals import page_published

        from community.feedback.loop import on_module_published
        from modules.models import ModulePage

        page_published.connect(
            on_module_published, sender=ModulePage, dispatch_uid="community-apply-feedback"
        )

        from community.discussion import posting
        from community.forum.models import Topic

        # A published forum topic counts as having published, for the first-post hold.
        if Topic.has_published not in posting.elsewhere:
            posting.elsewhere.append(Topic.has_published)

        from allauth.account.signals import user_logged_in, user_signed_up

        from altcms.http.language import language_chosen
        from altcms.ops import mail
        from community.accounts import language

        # Other apps write to a member in the language the community keeps for them.
        if language.language_of not in mail.language_finders:
            mail.language_finders.append(language.language_of)

        # A member's language for emails follows the language they use the site in.
        language_chosen.connect(language.on_language_chosen, dispatch_uid="community-language")
        user_logged_in.connect(language.on_signed_in, dispatch_uid="community-language-in")
        user_signed_up.connect(language.on_signed_in, dispatch_uid="community-language-up")

        from community.accounts.adapter import keep_rate_limits_open_when_cache_is_down

        keep_rate_limits_open_when_cache_is_down()
