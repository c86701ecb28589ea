from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from altcms.blocks import INLINE_FEATURES


class ForumIndexPage(Page):
    """/forum/: the boards where ALTs talk to each other."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1


class ContactPage(Page):
    """/contact/: how to reach the editors."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
