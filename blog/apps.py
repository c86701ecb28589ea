from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog and research")

    def ready(self):
        from wagtail.models import WorkflowState
        from wagtail.signals import page_published, workflow_approved, workflow_rejected

        from blog import signals
        from blog.models import ArticlePage

        workflow_approved.connect(
            signals.article_approved, sender=WorkflowState, dispatch_uid="blog-article-approved"
        )
        workflow_rejected.connect(
            signals.article_sent_back, sender=WorkflowState, dispatch_uid="blog-article-sent-back"
        )
        page_published.connect(
            signals.article_published, sender=ArticlePage, dispatch_uid="blog-article-published"
        )
