"""ALTs submit their own classroom research from the site. A submission becomes a draft
ArticlePage (owned by no one, never live) that enters the editors' review workflow; the author
hears by email when it is published or sent back, and sees its status here and in Your space."""

import logging
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.users.models import UserProfile

from altcms.content.choices import PREFECTURES
from altcms.content.seed import ContentError, markdown_to_blocks, split_sections
from altcms.http import ratelimit, submitonce
from blog.articles import ArticleAuthor, ArticlePage
from blog.authors import Person

logger = logging.getLogger(__name__)

MAX_PDF_BYTES = 20 * 1024 * 1024
SUBMISSIONS_COLLECTION = "Article submissions"
ABSTRACT_WORDS = (150, 300)
MAX_AUTHORS = 12
SLUG_LENGTH = 60
# A word: letters or digits, with inner apostrophes or hyphens (don't, self-report); Japanese
# has no spaces, so a run of kanji and kana counts one word for every two characters.
WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ROLE_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)$")


def count_words(text):
    cjk = len(CJK_RE.findall(text))
    latin = len(WORD_RE.findall(CJK_RE.sub(" ", text)))
    return latin + (cjk + 1) // 2


def printed_name(user):
    """How the member's name is printed as an author: as on their earlier articles, else their
    profile's display name, else their full name; never their username (empty if none)."""
    person = Person.objects.filter(user=user).only("name").first()
    if person is not None:
        return person.name
    profile = getattr(user, "profile", None)  # the community profile, if they made one
    return getattr(profile, "display_name", "") or user.get_full_name()


class ArticleSubmissionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give your article a title.")},
    )
    authors = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "One author per line, in the order they should appear, each name as it "
            "should be printed. Add (JTE) or (researcher) after a co-author who is not an ALT."
        ),
        label=_("Authors"),
        error_messages={"required": _("Name the authors: at least your own name.")},
    )
    abstract = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
        help_text=_("150–300 words: the question, what you did, what you found."),
        label=_("Abstract"),
        error_messages={"required": _("Write an abstract: it is what most readers read first.")},
    )
    keywords = forms.CharField(
        required=False,
        max_length=300,
        label=_("Keywords"),
        help_text=_("Up to eight, separated by commas, e.g. team teaching, phonics."),
    )
    body = forms.CharField(
        label=_("Article"),
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=60_000,
        help_text=_(
            "Start each section with a line like “## Method”. **Bold**, *italic*, lists "
            "and links work. Never include anything that could identify a student or school."
        ),
        error_messages={"required": _("Paste or write the article itself.")},
    )
    references = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        label=_("References"),
        help_text=_("One reference per line, in APA style."),
    )
    prefecture = forms.ChoiceField(
        required=False,
        choices=[("", _("Not shown")), *PREFECTURES],
        help_text=_("Shown with your name as author."),
        label=_("Your prefecture"),
    )
    pdf = forms.FileField(
        required=False,
        label=_("PDF (optional)"),
        help_text=_(
            "A PDF of the article, at most 20 MB. If this form comes back with a problem, "
            "attach the file again."
        ),
    )
    honeypot = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # browsers would cut pasted text silently
            field.widget.attrs.pop("maxlength", None)

    def clean_authors(self):
        """[(name, role)] in the order given; role is one of Person's roles, written as its key
        ("(JTE)", "(researcher)"): the labels are translated, the keys are not."""
        roles = {value.casefold(): value for value, _label in Person.ROLE_CHOICES}
        authors = []
        for line in self.cleaned_data["authors"].splitlines():
            name, role = " ".join(line.split()), "alt"
            match = ROLE_RE.match(name)
            if match and match["role"].strip().casefold() in roles:
                name, role = match["name"].strip(), roles[match["role"].strip().casefold()]
            if not name:
                continue
            if len(name) > 120:
                raise forms.ValidationError(
                    _("“{name}…” is too long for a name.").format(name=name[:40])
                )
            if name.casefold() in [known.casefold() for known, _role in authors]:
                raise forms.ValidationError(_("{name} is listed twice.").format(name=name))
            authors.append((name, role))
        if not authors:
            raise forms.ValidationError(_("Name the authors: at least your own name."))
        if len(authors) > MAX_AUTHORS:
            raise forms.ValidationError(
                _("List at most {count} authors.").format(count=MAX_AUTHORS)
            )
        return authors

    def clean_abstract(self):
        abstract = self.cleaned_data["abstract"].strip()
        words = count_words(abstract)
        low, high = ABSTRACT_WORDS
        if not low <= words <= high:
            message = (
                _(
                    "The abstract has {words} words; it needs {low} to {high}. Add to it: the "
                    "question, what you did, what you found."
                )
                if words < low
                else _(
                    "The abstract has {words} words; it needs {low} to {high}. Shorten it: the "
                    "question, what you did, what you found."
                )
            )
            raise forms.ValidationError(message.format(words=words, low=low, high=high))
        return abstract

    def clean_title(self):
        # One line: a line break would break the editors' review email and the RIS file.
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give your article a title."))
        return title

    def clean_keywords(self):
        words = [" ".join(w.split()) for w in self.cleaned_data["keywords"].split(",")]
        words = [w for w in words if w]
        if len(words) > 8 or any(len(w) > 50 for w in words):
            raise forms.ValidationError(_("Give at most eight keywords of up to 50 characters."))
        return words

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                _(
                    "The PDF is {size} MB; the limit is 20 MB. Compress it, or submit without it "
                    "and send it to the editors later."
                ).format(size=f"{upload.size / 1024 / 1024:.0f}")
            )
        head = upload.read(5)
        upload.seek(0)
        if not upload.name.lower().endswith(".pdf") or head != b"%PDF-":
            raise forms.ValidationError(_("That file is not a PDF. Attach a PDF, or leave it out."))
        return upload

    def sections(self):
        text = self.cleaned_data["body"].strip()
        try:
            parts = split_sections(text)
        except ContentError:
            parts = [("Article", text)]
        return [
            ("section", {"heading": heading[:160], "content": markdown_to_blocks(body)})
            for heading, body in parts
            if body.strip()
        ] or [("section", {"heading": "Article", "content": markdown_to_blocks(text)})]

    def reference_blocks(self):
        lines = self.cleaned_data["references"].splitlines()
        return [("citation", " ".join(line.split())) for line in lines if line.strip()]


def _submissions_collection():
    """Where submitted PDFs wait: a collection only editors and moderators can download from."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=SUBMISSIONS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=SUBMISSIONS_COLLECTION)
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=["Editors", "Moderators"]))
    return collection


def _unique_slug(index, title):
    """The title's slug, cut at a word boundary to at most SLUG_LENGTH characters."""
    base = slugify(title)
    if len(base) > SLUG_LENGTH:
        cut = base[: SLUG_LENGTH + 1].rfind("-")
        base = base[:cut] if cut > 0 else base[:SLUG_LENGTH]
    base = base or "article"
    slug, n = base, 2
    while ArticlePage.objects.filter(path__startswith=index.path, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def submissions_of(user):
    """The user's submitted articles, newest first, each with a plain status."""
    articles = list(
        ArticlePage.objects.filter(submitted_by=user)
        .order_by("-first_published_at", "-pk")
        .defer_streamfields()
    )
    for article in articles:
        article.status, article.editor_comment = status_of(article)
    return articles


def status_of(article):
    if article.live:
        return pgettext("submission status", "Published"), ""
    state = article.workflow_states.order_by("-created_at").first()
    if state is None:
        return pgettext("submission status", "Received"), ""
    if state.status == state.STATUS_NEEDS_CHANGES:
        task_state = state.current_task_state
        comment = task_state.specific.get_comment() if task_state else ""
        return pgettext("submission status", "Sent back with comments"), comment
    if state.status == state.STATUS_IN_PROGRESS:
        return pgettext("submission status", "With the editors"), ""
    return state.get_status_display(), ""


def submit(request, index):
    user = request.user
    initial = {"authors": printed_name(user)} if user.is_authenticated else {}
    form = ArticleSubmissionForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            response = TemplateResponse(
                request,
                "blog/article_submit.html",
                {"page": index, "self": index, "form": None, "signed_out": True},
                status=403,
            )
            return response
        if request.POST.get("honeypot") or not form.is_valid():
            status = 400
        elif (earlier := submitonce.seen(receipt_key(form, index, request))) is not None:
            messages.info(request, submitonce.ALREADY)
            return HttpResponseRedirect(earlier or reverse_submit(index))
        else:
            try:
                with submitonce.once(receipt_key(form, index, request)):
                    # Counted once this is known to be the first copy (altcms.http.ratelimit).
                    limits = {"hour": 3, "day": settings.ARTICLE_SUBMISSIONS_PER_DAY}
                    if not (allowed := ratelimit.hit("article", f"user:{user.pk}", limits)):
                        raise ratelimit.Refused(allowed)
                    article = create_submission(index, user, form)
            except submitonce.AlreadyReceived:
                messages.info(request, submitonce.ALREADY)
                return HttpResponseRedirect(reverse_submit(index))
            except ratelimit.Refused as refused:
                allowed, status = refused.verdict, 429
                messages.error(
                    request,
                    _(
                        "You have submitted several articles in a short time, so this one was "
                        "not sent. Your text is kept below: send it again {when}."
                    ).format(when=allowed.when),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. “{title}” is with the editors; we'll email you when it is "
                        "published or if they have comments."
                    ).format(title=article.title),
                )
                return HttpResponseRedirect(reverse_submit(index))
    response = TemplateResponse(
        request,
        "blog/article_submit.html",
        {
            "page": index,
            "self": index,
            "form": form,
            "submissions": submissions_of(user) if user.is_authenticated else [],
            "had_file": bool(request.FILES.get("pdf")),
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(allowed.retry_after)
    return response


def reverse_submit(index):
    return index.url + "submit/"


def receipt_key(form, index, request):
    data = form.cleaned_data
    return submitonce.key(
        f"article:{index.pk}",
        submitonce.sender(request),
        data["title"],
        data["abstract"],
        data["body"],
    )


@transaction.atomic
def create_submission(index, user, form):
    data = form.cleaned_data
    people = _author_people(user, data["authors"], data.get("prefecture", ""))
    pdf = None
    if data.get("pdf"):
        pdf = get_document_model().objects.create(
            title=data["title"][:255],
            file=data["pdf"],
            collection=_submissions_collection(),
            uploaded_by_user=user,
        )
    article = ArticlePage(
        title=data["title"],
        slug=_unique_slug(index, data["title"]),
        abstract=data["abstract"].strip(),
        body=form.sections(),
        references=form.reference_blocks(),
        pdf=pdf,
        submitted_by=user,
        owner=None,
        live=False,
    )
    article.authors = [ArticleAuthor(person=person) for person in people]
    index.add_child(instance=article)
    article.keywords.set(data["keywords"])
    article.save()
    revision = article.save_revision(user=user, log_action=True)
    # Wagtail's own approval/rejection emails link into the admin; the author gets ours.
    profile = UserProfile.get_for_user(user)
    profile.approved_notifications = profile.rejected_notifications = False
    profile.save(update_fields=["approved_notifications", "rejected_notifications"])
    workflow = article.get_workflow()
    if workflow is not None:
        workflow.start(article, user)
    else:
        logger.warning("No review workflow for research articles; %s waits as a draft", revision)
    return article


def _author_people(user, authors, prefecture):
    """A Person for each (name, role), in order. The member is the line with their printed
    name (else the first line): their own Person, renamed if they changed how it is printed.
    Co-authors are new people, for editors to merge with existing ones if they are the same."""
    known = {name.casefold() for name in (printed_name(user), user.get_full_name()) if name}
    mine = next((i for i, (name, _) in enumerate(authors) if name.casefold() in known), 0)
    people = []
    for position, (name, role) in enumerate(authors):
        if position != mine:
            people.append(Person.objects.create(name=name, role=role))
            continue
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person.objects.create(name=name, role=role, user=user, prefecture=prefecture)
        else:
            person.name = name
            person.prefecture = prefecture or person.prefecture
            person.save(update_fields=["name", "prefecture"])
        people.append(person)
    return people
