"""The contact form: what it asks, how a message is stored, and who is told.

The Wagtail form submission, the Feedback item and the editors' email (queued, altcms.ops.mail) are
stored in one transaction; the sender is then redirected to the thank-you page (Post/Redirect/
Get), so a reload asks nothing again. A message sent twice (a double-click, the back button)
is stored once (altcms.http.submitonce). A mail server that refuses is the task queue's business:
the message is retried, never lost, and the sender is never told to send it again.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import FormSubmission

from altcms.http import ratelimit, submitonce
from community.accounts import names
from community.accounts.language import by_language
from community.discussion.notifications import absolute, send_safely
from community.feedback.models import Feedback

logger = logging.getLogger(__name__)

MESSAGE_MAX_LENGTH = 5000
SENT_SALT = "community.contact.sent"
SENT_MAX_AGE = 7 * 24 * 60 * 60  # how long the thank-you link shows what was sent
CORE_DATA_FIELDS = [
    ("name", "Name"),
    ("email", "Email"),
    ("module", "Module"),
    ("about", "Section or task"),
    ("message", "Message"),
    ("notify", "Tell me about changes"),
    ("credit", "May name me"),
]


def module_choices():
    """The live, public modules grouped by category, for the "which module?" question."""
    from modules.models import ModuleCategoryPage, ModulePage

    categories = ModuleCategoryPage.objects.live().public().order_by("path").only("title", "path")
    modules = ModulePage.objects.live().public().order_by("path").only("id", "title", "path")
    groups = {category.path: (category.title, []) for category in categories}
    for module in modules:
        parent = module.path[: -ModulePage.steplen]
        if parent in groups:
            groups[parent][1].append((module.pk, module.title))
    return [("", _("No particular module"))] + [group for group in groups.values() if group[1]]


class ContactForm(BaseForm):
    name = forms.CharField(max_length=200, label=gettext_lazy("Your name"))
    email = forms.EmailField(
        max_length=254,
        label=gettext_lazy("Your email"),
        help_text=gettext_lazy("Only the editors see it; we use it to reply."),
        error_messages={
            "invalid": gettext_lazy("Enter a whole email address, like name@example.com.")
        },
    )
    module = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        label=gettext_lazy("Which module is this about? (optional)"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "That module isn't on the site (any more). Choose one from the list, or 'No "
                "particular module'."
            )
        },
    )
    about = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Which part of it? (optional)"),
        help_text=gettext_lazy("A section heading or a reflection task, for example 'Task 2'."),
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MESSAGE_MAX_LENGTH,
        label=gettext_lazy("Your message"),
        error_messages={
            "required": gettext_lazy("Write your message before sending."),
            "max_length": format_lazy(
                gettext_lazy(
                    "Keep the message under {limit} characters (it has %(show_value)s). Long "
                    "documents are welcome by email."
                ),
                limit=f"{MESSAGE_MAX_LENGTH:,}",
            ),
        },
    )
    notify = forms.BooleanField(
        required=False,
        label=gettext_lazy("Email me if my message leads to a change in a module"),
    )
    credit = forms.BooleanField(
        required=False, label=gettext_lazy("You may name me in the module's list of changes")
    )
    honeypot = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = module_choices()

    def clean_name(self):
        # One line: a name with line breaks would break the editors' email subject.
        name = names.clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Tell us your name (any name you like)."))
        return name

    def clean_message(self):
        message = self.cleaned_data["message"].replace("\x00", "").strip()
        if not message:
            raise forms.ValidationError(_("Write your message before sending."))
        return message

    def core_fields(self):
        return [self[name] for name, _label in CORE_DATA_FIELDS]

    def extra_fields(self):
        core = {name for name, _label in CORE_DATA_FIELDS} | {"honeypot"}
        return [field for field in self if field.name not in core]

    def receipt_key(self, page, request):
        data = self.cleaned_data
        extras = sorted((name, str(data.get(name))) for name in data if name not in NOT_STORED)
        return submitonce.key(
            f"contact:{page.pk}",
            submitonce.sender(request, data["email"]),
            data["name"],
            data.get("module"),
            data.get("about", ""),
            data["message"],
            extras,
        )


NOT_STORED = {"honeypot"}


class ContactFormBuilder(FormBuilder):
    def get_form_class(self):
        extra = {
            name: field
            for name, field in self.formfields.items()
            if name not in ContactForm.base_fields
        }
        return type("ContactPageForm", (ContactForm,), extra)


def initial_for(request):
    """Prefill from the link that brought the reader ("Suggest an improvement" on a module
    passes ?module=<id>&about=...) and from their account."""
    initial = {}
    module = request.GET.get("module", "")
    if module.isdigit():
        initial["module"] = int(module)
    about = request.GET.get("about", "")
    if about:
        initial["about"] = about[:200]
    user = request.user
    if user.is_authenticated:
        profile = getattr(user, "profile", None)
        initial["name"] = getattr(profile, "display_name", "") or user.get_full_name()
        initial["name"] = initial["name"] or user.username
        initial["email"] = user.email
    return initial


def serve_contact_page(page, request, *args, **kwargs):
    status = 200
    note = ""
    if request.method == "POST":
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        if request.POST.get("honeypot"):
            logger.info(
                "Contact form rejected by the honeypot from %s", ratelimit.client_ip(request)
            )
            form.is_valid()
            status, note = 400, _("This message was not accepted.")
        elif not form.is_valid():
            status = 400
        elif (earlier := submitonce.seen(form.receipt_key(page, request))) is not None:
            return already_received(request, earlier or page.url)
        else:
            try:
                with submitonce.once(form.receipt_key(page, request)) as receipt:
                    # Counted once this is known to be the first copy (altcms.http.ratelimit).
                    limits = settings.CONTACT_RATE_LIMITS
                    if not (allowed := ratelimit.allow_post(request, "contact", limits)):
                        raise ratelimit.Refused(allowed)
                    submission = page.process_form_submission(form)
                    receipt.url = thank_you_url(page, submission)
            except submitonce.AlreadyReceived as earlier:
                return already_received(request, earlier.url or page.url)
            except ratelimit.Refused as refused:
                allowed, status = refused.verdict, 429
                note = _(
                    "You have sent several messages in a short time, so this one was not sent. "
                    "Your text is below; please send it again %(when)s."
                ) % {"when": allowed.when}
            else:
                return HttpResponseRedirect(receipt.url)
    elif request.method in ("GET", "HEAD"):
        if "sent" in request.GET:
            return thank_you(page, request, *args, **kwargs)
        form = page.get_form(page=page, user=request.user, initial=initial_for(request))
    else:
        return TemplateResponse(
            request,
            "problem.html",
            {"title": _("Not here"), "message": _("Use the form on the contact page.")},
            status=405,
        )
    context = page.get_context(request)
    context.update(form=form, note=note)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if status == 429:
        response["Retry-After"] = str(allowed.retry_after)
    return response


def thank_you_url(page, submission):
    return f"{page.url}?sent={signing.dumps(submission.pk, salt=SENT_SALT)}"


def already_received(request, url):
    messages.info(request, submitonce.ALREADY)
    return HttpResponseRedirect(url)


def thank_you(page, request, *args, **kwargs):
    """The page a sent message redirects to; reloading it sends nothing."""
    try:
        submission_id = signing.loads(
            request.GET.get("sent", ""), salt=SENT_SALT, max_age=SENT_MAX_AGE
        )
    except signing.BadSignature:
        submission_id = None
    submission = FormSubmission.objects.filter(page=page, pk=submission_id or 0).first()
    if submission is None:
        return HttpResponseRedirect(page.url)
    response = page.render_landing_page(request, submission, *args, **kwargs)
    module_id = submission.form_data.get("module")
    if module_id:
        from modules.models import ModulePage

        response.context_data["module"] = ModulePage.objects.live().filter(pk=module_id).first()
    return response


def store_and_notify(page, form):
    """Store the message (a form submission and a Feedback item) and queue the editors' email,
    all in one transaction."""
    data = form.cleaned_data
    stored = {key: value for key, value in data.items() if key not in NOT_STORED}
    from modules.models import ModulePage

    module = ModulePage.objects.filter(pk=data.get("module")).first() if data["module"] else None
    with transaction.atomic():
        submission = FormSubmission.objects.create(form_data=stored, page=page)
        feedback = Feedback.objects.create(
            source=Feedback.CONTACT_FORM,
            sender_name=data["name"],
            sender_email=data["email"],
            module=module,
            concerns=data.get("about", ""),
            text=data["message"],
            language=Feedback.written_in(data["message"], get_language()),
            notify_sender=data.get("notify", False),
            credit_sender=data.get("credit", False),
            submission=submission,
        )
        if notify_editors(page, feedback, form):
            feedback.editors_notified = True
            feedback.save(update_fields=["editors_notified"])
    return submission


def editor_addresses(page):
    if page.to_address.strip():
        return [address.strip() for address in page.to_address.split(",") if address.strip()]
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return []
    return sorted(
        {user.email for user in editors.user_set.filter(is_active=True).exclude(email="")}
    )


def notify_editors(page, feedback, form):
    """Queue the editors' email about a new message; False (and logged) if nobody is to get it.
    Each editor gets it in their own admin language (the site's default for an address that is
    no one's account), whatever the language of the page it was sent from."""
    to = editor_addresses(page)
    if not to:
        logger.warning("Feedback %s stored, but no editor has an email address", feedback.pk)
        return False
    queued = True
    for language, addresses in by_language(to).items():
        with translation.override(language):
            queued = _notify_editors(page, feedback, form, addresses) and queued
    return queued


def _notify_editors(page, feedback, form, to):
    sender = feedback.sender_name or _("a reader")
    if feedback.module:
        about = _("Feedback on {module} from {sender}").format(
            module=feedback.module.title, sender=sender
        )
    else:
        about = _("Feedback from {sender}").format(sender=sender)
    subject = page.subject or about
    inbox = reverse("community_feedback_modeladmin_inspect", args=[feedback.pk])
    extras = [(field.label, form.cleaned_data.get(field.name)) for field in form.extra_fields()]
    return send_safely(
        subject,
        "community/email/feedback_received",
        {
            "feedback": feedback,
            "inbox_url": absolute(None, inbox),
            "extras": [(label, value) for label, value in extras if value not in (None, "")],
        },
        to,
        headers={"Reply-To": feedback.sender_email},
    )
