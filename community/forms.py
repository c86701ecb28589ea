from django import forms
from django.conf import settings

from allauth.account import forms as allauth_forms
from django_comments_xtd.forms import XtdCommentForm

from community.markup import count_links


def task_label(number, task):
    prompt = task.prompt if len(task.prompt) <= 70 else task.prompt[:70].rstrip() + "…"
    return f"Task {number}: {prompt}"


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
        label="What are you answering?",
        error_messages={"invalid_choice": "That reflection task is not part of this page."},
    )

    def __init__(self, target_object, *args, tasks=None, first_comment=False, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        self.first_comment = first_comment
        if tasks is None:
            related = getattr(target_object, "reflection_tasks", None)
            tasks = list(related.all()) if related is not None else []
        self.tasks = {task.pk: task for task in tasks}
        self.fields["task"].choices = [("", "A general comment (no particular task)")] + [
            (task.pk, task_label(number, task)) for number, task in enumerate(tasks, start=1)
        ]
        if not tasks:
            self.fields["task"].widget = forms.HiddenInput()
        del self.fields["url"]
        self.fields["name"].label = "Your name"
        self.fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name"})
        self.fields["email"].label = "Your email"
        self.fields[
            "email"
        ].help_text = "Never shown. We email you a link: nothing is published until you click it."
        self.fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        self.fields["comment"].label = "Your comment"
        self.fields["comment"].help_text = (
            f"Plain text; **bold**, *italic*, lists and links work too. "
            f"Up to {settings.COMMENT_MAX_LENGTH:,} characters."
        )
        self.fields["comment"].widget = forms.Textarea(
            attrs={"rows": 6, "maxlength": settings.COMMENT_MAX_LENGTH}
        )
        self.fields["comment"].error_messages.update(
            {
                "required": "Write something before posting.",
                "max_length": "Comments can be at most %(limit_value)s characters; yours has "
                "%(show_value)s. Shorten it, or split it into a comment and a reply.",
            }
        )
        self.fields["followup"].label = "Email me when someone replies in this thread"
        self.fields["followup"].widget = forms.CheckboxInput()
        self.fields["honeypot"].label = "Leave this field empty"

    def clean_task(self):
        task_id = self.cleaned_data.get("task")
        return self.tasks.get(task_id) if task_id else None

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError("Write something before posting.")
        limit = settings.DISCUSSION_FIRST_COMMENT_MAX_LINKS
        if self.first_comment and count_links(text) > limit:
            raise forms.ValidationError(
                f"A first comment can contain at most {limit} links. Post it without some of "
                "them; once your first comment is approved, the limit goes."
            )
        return text


class EditCommentForm(forms.Form):
    comment = forms.CharField(
        label="Your comment",
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": settings.COMMENT_MAX_LENGTH}),
        error_messages={
            "required": "Write something, or delete the comment instead.",
            "max_length": "Comments can be at most %(limit_value)s characters; yours has "
            "%(show_value)s.",
        },
    )

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError("Write something, or delete the comment instead.")
        return text


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form with plain labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"
