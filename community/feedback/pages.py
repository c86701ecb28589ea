"""The contact page, /contact/: every message it takes becomes a Feedback item."""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from altcms.caching.pagetree import CachedRouteMixin
from altcms.content.blocks import INLINE_FEATURES
from altcms.content.search_text import SiteSearchMixin
from community.feedback import contact


class ContactPage(CachedRouteMixin, SiteSearchMixin, AbstractEmailForm):
    """/contact/: the contact form. Its core fields (name, email, module, message) are fixed in
    code, because every message also becomes a Feedback item; editors may add more fields.
    Submissions are stored (Wagtail form submissions) before anyone is emailed."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)
    thank_you_text = RichTextField(
        features=INLINE_FEATURES,
        blank=True,
        help_text="Shown after someone sends the form.",
    )

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            label="Extra field",
            heading="Extra fields",
            help_text="Name, email, module and message are always asked for; add more here.",
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "to_address",
                    help_text="Who is emailed about each message, separated by commas. "
                    "Leave empty to email everyone in the Editors group.",
                ),
                FieldPanel("subject"),
            ],
            heading="Email to the editors",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    landing_page_template = "community/contact_page_landing.html"

    def get_form_class(self):
        return contact.ContactFormBuilder(self.get_form_fields()).get_form_class()

    def get_data_fields(self):
        return [("submit_time", "Submission date"), *contact.CORE_DATA_FIELDS] + [
            (field.clean_name, field.label) for field in self.get_form_fields()
        ]

    def serve(self, request, *args, **kwargs):
        return contact.serve_contact_page(self, request, *args, **kwargs)

    def process_form_submission(self, form):
        return contact.store_and_notify(self, form)


class ContactFormField(AbstractFormField):
    page = ParentalKey(ContactPage, on_delete=models.CASCADE, related_name="form_fields")
