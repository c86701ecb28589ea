"""The form for starting or editing a forum topic."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.accounts.forms import no_maxlength_attribute
from community.discussion.forms import check_first_post_links
from community.forum.models import Topic

TITLE_MAX_LENGTH = Topic._meta.get_field("title").max_length
BODY_MAX_LENGTH = Topic._meta.get_field("body").max_length


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": _("Give your topic a title."),
            "max_length": _(
                "Titles can be at most %(limit_value)s characters; yours has %(show_value)s."
            ),
        },
        # data-max-length: a live count under the box (site.js), as under the post.
        widget=forms.TextInput(attrs={"data-max-length": TITLE_MAX_LENGTH}),
    )
    body = forms.CharField(
        label=_("Your post"),
        max_length=BODY_MAX_LENGTH,
        help_text=_(
            "Plain text; **bold**, *italic*, lists and links work too. Up to 10,000 "
            "characters. Never post anything that could identify a student."
        ),
        error_messages={
            "required": _("Write something to start the conversation."),
            "max_length": _(
                "Posts can be at most %(limit_value)s characters; yours has %(show_value)s."
            ),
        },
        # data-max-length: the live count under the box (site.js), as under a comment.
        widget=forms.Textarea(attrs={"rows": 10, "data-max-length": BODY_MAX_LENGTH}),
    )
    honeypot = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, first_post=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_post = first_post
        # No maxlength: a browser would cut a pasted title or post silently. Both are counted
        # live instead, and the server says what is too long, keeping the text.
        no_maxlength_attribute(self, "title", "body")

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give your topic a title."))
        return title

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write something to start the conversation."))
        check_first_post_links(body, self.first_post)
        return body
