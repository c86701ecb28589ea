"""ALTs submit articles; editors review them in a Wagtail workflow; authors hear back."""

import html

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.documents.models import Document
from wagtail.models import WorkflowState

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticleIndexPage, ArticlePage, Person
from blog.submission import ArticleSubmissionForm
from tests.helpers import ABSTRACT, make_user

SUBMIT = "/resources/research/submit/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def article_data(**changes):
    data = {
        "title": "Sticky notes and shared planning",
        "authors": "Kenji Sato",
        "abstract": ABSTRACT,
        "keywords": "team teaching, planning",
        "body": "## Introduction\nWhy I tried it.\n\n## Findings\nIt helped.",
        "references": "Burns, A. (2010). Doing action research in ELT. Routledge.",
        "prefecture": "20",
        "honeypot": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def editor(db):
    user = make_user("editor-ed")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def submit(client, **changes):
    return client.post(SUBMIT, article_data(**changes))


def test_a_submission_becomes_a_draft_in_the_editors_workflow(alt_client, alt, editor):
    response = submit(alt_client, pdf=SimpleUploadedFile("paper.pdf", PDF, "application/pdf"))
    assert response.status_code == 302 and response["Location"] == SUBMIT
    article = ArticlePage.objects.get(submitted_by=alt)
    assert not article.live and article.owner is None
    assert article.get_parent().specific == ArticleIndexPage.objects.get()
    assert [p.name for p in article.author_people] == ["Kenji Sato"]
    assert article.author_people[0].get_prefecture_display() == "Nagano"
    assert sorted(t.name for t in article.keywords.all()) == ["planning", "team teaching"]
    assert [b.value["heading"] for b in article.body] == ["Introduction", "Findings"]
    assert article.pdf.collection.name == "Article submissions"
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any(editor.email in m.to for m in mail.outbox)  # Wagtail tells the editors
    # The public cannot see it, nor its PDF.
    assert (
        alt_client.get(article.url if article.url else "/resources/research/x/").status_code == 404
    )
    page = alt_client.get(SUBMIT).content.decode()
    assert "Sticky notes and shared planning" in page and "With the editors" in page
    me = alt_client.get(reverse("community:me")).content.decode()
    assert "With the editors" in me
    in_japanese = alt_client.get("/ja" + SUBMIT).content.decode()
    assert "編集部で確認中" in in_japanese and "With the editors" not in in_japanese


def approve(client, editor, article, action, comment=""):
    """The editor acts in the admin, in their own browser (not the author's)."""
    from django.test import Client

    state = WorkflowState.objects.get(object_id=str(article.pk))
    task_state = state.current_task_state
    client = Client()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_an_editor_approves_and_the_article_goes_live(client, alt_client, alt, editor):
    submit(alt_client, pdf=SimpleUploadedFile("paper.pdf", PDF, "application/pdf"))
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    mail.outbox.clear()
    approve(client, editor, article, "approve")
    article.refresh_from_db()
    assert article.live
    assert [m.to for m in mail.outbox] == [[alt.email]]
    assert "published" in mail.outbox[0].subject and article.url in mail.outbox[0].body
    assert Document.objects.get(pk=article.pdf_id).collection.name == "Research articles"
    client.logout()
    assert client.get(article.url).status_code == 200


def test_an_editor_sends_it_back_with_a_comment(client, alt_client, alt, editor):
    submit(alt_client)
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    mail.outbox.clear()
    approve(client, editor, article, "reject", comment="Please add how many lessons you observed.")
    article.refresh_from_db()
    assert not article.live
    assert [m.to for m in mail.outbox] == [[alt.email]]
    assert "Please add how many lessons you observed." in mail.outbox[0].body
    status = alt_client.get(SUBMIT).content.decode()
    assert "Sent back with comments" in status
    assert "Please add how many lessons you observed." in status


def test_a_missing_abstract_comes_back_filled(alt_client):
    response = submit(alt_client, abstract="")
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "Write an abstract" in content
    assert "Sticky notes and shared planning" in content and "Why I tried it." in content
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()


def test_a_file_that_is_not_really_a_pdf_is_refused(alt_client):
    fake = SimpleUploadedFile("paper.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = submit(alt_client, pdf=fake)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "That file is not a PDF" in content and "attach the PDF again" in content
    assert "Sticky notes and shared planning" in content
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()
    assert not Document.objects.filter(title__startswith="Sticky").exists()


def test_a_fifty_megabyte_file_is_refused(alt_client):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (50 * 1024 * 1024), "application/pdf")
    response = submit(alt_client, pdf=big)
    assert response.status_code == 400
    assert "the limit is 20 MB" in response.content.decode()
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()


def test_signed_out_readers_cannot_submit(client, db):
    page = client.get(SUBMIT)
    assert page.status_code == 200 and "Sign in to submit" in page.content.decode()
    response = client.post(SUBMIT, article_data())
    assert response.status_code == 403
    assert "Sign in to submit" in response.content.decode()
    assert not ArticlePage.objects.filter(title="Sticky notes and shared planning").exists()


def test_a_filled_honeypot_publishes_nothing(alt_client):
    assert submit(alt_client, honeypot="spam").status_code == 400
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()


def test_markup_in_a_submission_cannot_reach_the_page(alt_client, alt, editor, client):
    submit(
        alt_client,
        body="## Intro\n<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>",
    )
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    approve(client, editor, article, "approve")
    article.refresh_from_db()
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    body = page.find(class_="article__body")
    assert not body.find_all(["script", "img", "iframe"])
    for tag in body.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs)
        assert "javascript:" not in tag.get("href", "")
    assert "<script>alert(1)</script>" in body.get_text()  # shown as text, harmless


# Authors, the article's address and the abstract ---------------------------------------------


def test_the_form_asks_for_the_authors_prefilled_with_the_members_printed_name(client, db):
    from community.models import Profile

    member = make_user("newalt")  # a username, no first or last name
    Profile.objects.create(user=member, display_name="Aoife Byrne")
    client.force_login(member)
    page = html.unescape(client.get(SUBMIT).content.decode())
    field = BeautifulSoup(page, "html.parser").find("textarea", attrs={"name": "authors"})
    assert field is not None and field.get_text().strip() == "Aoife Byrne"
    assert "newalt" not in field.get_text()


def test_several_authors_keep_their_order_everywhere_and_the_username_appears_nowhere(
    client, db, editor
):
    member = make_user("newalt", first_name="", last_name="")
    client.force_login(member)
    response = submit(
        client,
        authors="Yuki Tanaka (JTE)\nAoife Byrne\n  Ben   Carter  (researcher) ",
        prefecture="13",
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(submitted_by=member)
    people = article.author_people
    assert [(p.name, p.role) for p in people] == [
        ("Yuki Tanaka", "jte"),
        ("Aoife Byrne", "alt"),
        ("Ben Carter", "researcher"),
    ]
    # No line matches a name the member is known by: the first author is taken to be them.
    assert people[0].user == member and people[0].get_prefecture_display() == "Tokyo"
    assert people[1].user is None and people[2].user is None

    article.save_revision().publish()
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    meta = [tag["content"] for tag in page.find_all("meta", attrs={"name": "citation_author"})]
    assert meta == ["Yuki Tanaka", "Aoife Byrne", "Ben Carter"]
    byline = page.select_one(".article__authors").get_text(" ", strip=True)
    assert byline.index("Yuki Tanaka") < byline.index("Aoife Byrne") < byline.index("Ben Carter")
    bibtex = client.get(article.url + "cite/bibtex/").content.decode()
    assert "author = {Yuki Tanaka and Aoife Byrne and Ben Carter}," in bibtex
    ris = client.get(article.url + "cite/ris/").content.decode()
    assert ris.index("AU  - Yuki Tanaka") < ris.index("AU  - Ben Carter")
    head = " ".join(str(tag) for tag in page.find("head").find_all("meta"))
    for text in (head, str(page.find("main")), bibtex, ris):
        assert "newalt" not in text


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_coauthors_role_is_read_from_its_key_whatever_the_interface_language(db, language):
    """The roles' labels are translated (研究者 in Japanese); what an author types after a
    name is the role's key, in any case, from either interface."""
    lines = "Yuki Tanaka (JTE)\nBen Carter (Researcher)\nEdna Moss (editor)\nAoife Byrne (ALT)"
    with translation.override(language):
        form = ArticleSubmissionForm(article_data(authors=lines))
        assert form.is_valid(), form.errors
    assert form.cleaned_data["authors"] == [
        ("Yuki Tanaka", "jte"),
        ("Ben Carter", "researcher"),
        ("Edna Moss", "editor"),
        ("Aoife Byrne", "alt"),
    ]
    with translation.override("ja"):
        assert Person(name="Ben Carter", role="researcher").byline == "Ben Carter (研究者)"


def test_the_member_is_the_line_with_their_name_and_their_person_is_reused(alt_client, alt):
    submit(alt_client, authors="Mariko Ito (JTE)\nKenji Sato")
    first = ArticlePage.objects.get(submitted_by=alt)
    mine = Person.objects.get(user=alt)
    assert [p.pk for p in first.author_people][1] == mine.pk
    assert first.author_people[0].user is None
    # The next article prefills the name as printed before, and reuses the same person.
    page = BeautifulSoup(alt_client.get(SUBMIT).content, "html.parser")
    assert page.find("textarea", attrs={"name": "authors"}).get_text().strip() == "Kenji Sato"
    submit(alt_client, title="A second study", authors="Kenji SATO")
    second = ArticlePage.objects.get(title="A second study")
    assert [p.pk for p in second.author_people] == [mine.pk]
    mine.refresh_from_db()
    assert mine.name == "Kenji SATO"


@pytest.mark.parametrize(
    "authors, message",
    [
        ("", "Name the authors"),
        ("\n \n", "Name the authors"),
        ("Kenji Sato\nkenji sato", "listed twice"),
        ("x" * 121, "too long for a name"),
        ("\n".join(f"Author {n}" for n in range(13)), "at most 12 authors"),
    ],
)
def test_bad_author_lists_come_back_with_a_message(alt_client, authors, message):
    response = submit(alt_client, authors=authors)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert message in content
    assert "Sticky notes and shared planning" in content  # nothing typed is lost
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()


def test_the_address_is_cut_at_a_word_boundary(alt_client, alt):
    title = "Sticky notes and small steps: a small action research cycle in two junior highs"
    submit(alt_client, title=title)
    slug = ArticlePage.objects.get(submitted_by=alt).slug
    assert len(slug) <= 60
    assert slug == "sticky-notes-and-small-steps-a-small-action-research-cycle"
    words = set(title.lower().replace(":", "").split())
    assert all(part in words for part in slug.split("-"))


@pytest.mark.parametrize("words", [57, 149, 301])
def test_an_abstract_outside_150_to_300_words_is_refused_with_the_count(alt_client, words):
    abstract = " ".join(["planning"] * words)
    response = submit(alt_client, abstract=abstract)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert f"The abstract has {words} words; it needs 150 to 300." in content
    assert abstract in content  # kept for the author to edit
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()


@pytest.mark.parametrize("words", [150, 300])
def test_an_abstract_of_150_or_300_words_is_accepted(alt_client, alt, words):
    assert submit(alt_client, abstract=" ".join(["planning"] * words)).status_code == 302
    assert ArticlePage.objects.filter(submitted_by=alt).exists()


def test_a_japanese_abstract_counts_two_characters_a_word(alt_client, alt):
    from blog.submission import count_words

    assert count_words("学習指導要領") == 3 and count_words("team teaching と 打ち合わせ") == 5
    short = submit(alt_client, abstract="打ち合わせの時間がない。" * 10)  # 120 characters
    assert short.status_code == 400 and "it needs 150 to 300" in html.unescape(
        short.content.decode()
    )
    assert submit(alt_client, abstract="打ち合わせの時間がない。" * 30).status_code == 302


def test_an_author_who_reads_in_japanese_is_told_in_japanese(client, alt_client, alt, editor):
    """The editor works in English; the author chose Japanese: the emails about their article
    are in Japanese, with links to the Japanese pages."""
    from community.models import Profile

    Profile.objects.update_or_create(user=alt, defaults={"language": "ja"})
    submit(alt_client)
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    mail.outbox.clear()
    approve(client, editor, article, "reject", comment="Please add how many lessons you observed.")
    [sent_back] = mail.outbox
    assert "編集者" in sent_back.subject
    assert "Please add how many lessons you observed." in sent_back.body
    assert "/ja/resources/research/submit/" in sent_back.body
    submit(alt_client, title="Sticky notes, revised")
    article = ArticlePage.objects.filter(submitted_by=alt).latest("pk")
    mail.outbox.clear()
    approve(client, editor, article, "approve")
    [published] = mail.outbox
    assert "公開" in published.subject
    assert "/ja" + article.url in published.body
    assert "Good news" not in published.body
    statuses = alt_client.get("/ja" + SUBMIT).content.decode()
    assert "コメント付きで差し戻し" in statuses and "公開済み" in statuses
    assert "Sent back with comments" not in statuses and "Published" not in statuses
