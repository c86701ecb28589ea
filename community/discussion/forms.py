"""The comment form (django-comments-xtd's, with this site's rules) and the edit form."""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_comments_xtd.forms import XtdCommentForm

from community.accounts import names
from community.accounts.forms import no_maxlength_attribute
from community.discussion.markup import count_links


class CommentTextarea(forms.Textarea):
    """The comment box: browsers send each newline as CR LF; it counts once, as the box's live
    counter (site.js) counts it. site.js adds the counter and the preview from the data-
    attributes."""

    def __init__(self, attrs=None):
        defaults = {
            "rows": 6,
            "data-max-length": settings.COMMENT_MAX_LENGTH,
            "data-preview-url": reverse_lazy("discussion:preview"),
        }
        super().__init__({**defaults, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def check_first_post_links(text, is_first):
    """A first post (comment or topic) may hold only a few links; spam is mostly links."""
    limit = settings.DISCUSSION_FIRST_COMMENT_MAX_LINKS
    if is_first and count_links(text) > limit:
        raise forms.ValidationError(
            _(
                "A first post can contain at most {limit} links. Post it without some of "
                "them; once your first post is published, the limit goes."
            ).format(limit=limit)
        )


def task_label(number, task):
    prompt = task.prompt if len(task.prompt) <= 70 else task.prompt[:70].rstrip() + "…"
    return _("Task {number}: {prompt}").format(number=number, prompt=prompt)


class CommentForm(XtdCommentForm):
    """The discussion form: xtd's form (security hash, honeypot, reply_to, follow-up), plus
    the reflection task the comment answers. The link field is dropped: it only invites spam.

    `tasks` is the page's reflection tasks in order (the page usually has them loaded already);
    the choice is made from them without a query.
    """

    task = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label=gettext_lazy("What are you answering?"),
        error_messages={
            "invalid_choice": gettext_lazy("That reflection task is not part of this page.")
        },
    )
    research_consent = forms.BooleanField(
        required=False,
        label=gettext_lazy("My answer may be used, anonymised, in research on ALT training"),
        help_text=gettext_lazy("Only answers to reflection tasks; never with your name or email."),
    )

    def __init__(
        self, target_object, *args, tasks=None, first_comment=False, signed_in=False, **kwargs
    ):
        super().__init__(target_object, *args, **kwargs)
        self.first_comment = first_comment
        self.signed_in = signed_in
        if tasks is None:
            related = getattr(target_object, "reflection_tasks", None)
            tasks = list(related.all()) if related is not None else []
        self.tasks = {task.pk: task for task in tasks}
        self.fields["task"].choices = [("", _("A general comment (no particular task)"))] + [
            (task.pk, task_label(number, task)) for number, task in enumerate(tasks, start=1)
        ]
        if not tasks:
            self.fields["task"].widget = forms.HiddenInput()
            del self.fields["research_consent"]
        del self.fields["url"]
        self.fields["name"].label = _("Your name")
        self.fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name"})
        self.fields["email"].label = _("Your email")
        self.fields["email"].help_text = _(
            "Never shown. We email you a link: nothing is published until you click it."
        )
        self.fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        self.fields["email"].max_length = 254  # the column's size; Django's validator allows 320
        self.fields["email"].validators.append(MaxLengthValidator(254))
        no_maxlength_attribute(self, "comment")
        if signed_in:  # taken from the account; an account may have no email address
            self.fields["name"].required = False
            self.fields["email"].required = False
        self.fields["comment"].label = _("Your comment")
        self.fields["comment"].help_text = _(
            "Plain text; **bold**, *italic*, lists and links work too. Up to {limit} characters."
        ).format(limit=f"{settings.COMMENT_MAX_LENGTH:,}")
        # No maxlength attribute: browsers would cut a pasted comment silently.
        self.fields["comment"].widget = CommentTextarea()
        self.fields["comment"].error_messages.update(
            {
                "required": _("Write something before posting."),
                "max_length": _(
                    "Comments can be at most %(limit_value)s characters; yours has "
                    "%(show_value)s. Shorten it, or split it into a comment and a reply."
                ),
            }
        )
        self.fields["followup"].label = _("Email me when someone replies in this thread")
        self.fields["followup"].widget = forms.CheckboxInput()
        self.fields["honeypot"].label = _("Leave this field empty")

    def clean_task(self):
        task_id = self.cleaned_data.get("task")
        return self.tasks.get(task_id) if task_id else None

    def clean_name(self):
        """A visitor's name: no staff role, no invisible direction tricks. (A member's name
        comes from their account.)"""
        name = names.clean_name(self.cleaned_data.get("name", ""))
        if self.signed_in:
            return name  # the account's own name: a moderator may well be called "moderator"
        if name and names.is_reserved(name):
            raise forms.ValidationError(
                _("That name is kept for the site's own staff. Sign with a name of your own.")
            )
        if self.fields["name"].required and not name:
            raise forms.ValidationError(_("Tell us your name (any name you like)."))
        return name

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError(_("Write something before posting."))
        check_first_post_links(text, self.first_comment)
        return text


class EditCommentForm(forms.Form):
    def __init__(self, *args, first_comment=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_comment = first_comment
        no_maxlength_attribute(self, "comment")

    comment = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=CommentTextarea(),
        error_messages={
            "required": gettext_lazy("Write something, or delete the comment instead."),
            "max_length": gettext_lazy(
                "Comments can be at most %(limit_value)s characters; yours has %(show_value)s."
            ),
        },
    )

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError(_("Write something, or delete the comment instead."))
        check_first_post_links(text, self.first_comment)
        return text
