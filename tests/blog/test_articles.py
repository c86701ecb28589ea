"""Research articles and the Resources tab."""

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticleAuthor, ArticleIndexPage, ArticlePage, Person
from modules.models import ModulePage, ModuleReading, Reading, ResourceIndexPage


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def sample(db):
    return ArticlePage.objects.live().get(is_example=True)


def test_the_research_section_lives_at_resources_research_with_an_example(client, sample):
    index = ArticleIndexPage.objects.get()
    assert index.url == "/resources/research/"
    listing = soup_of(client, index.url)
    card = listing.select_one(".post-card")
    assert sample.title in card.get_text() and "Example" in card.get_text()
    page = soup_of(client, sample.url)
    assert "This is an example." in page.get_text()
    assert sample.title.startswith("Example article:")


def test_an_article_page_shows_its_parts_and_scholarly_meta_tags(client, sample):
    page = soup_of(client, sample.url)
    meta = {tag["name"]: tag["content"] for tag in page.find_all("meta") if tag.get("name")}
    assert meta["citation_title"] == sample.title
    assert meta["citation_publication_date"] == sample.date.strftime("%Y/%m/%d")
    assert meta["citation_journal_title"] == "ALT Training Online"
    authors = [t["content"] for t in page.find_all("meta", attrs={"name": "citation_author"})]
    assert authors == [person.name for person in sample.author_people]
    assert "Abstract" in page.get_text() and sample.abstract[:60] in page.get_text()
    assert "Licence: CC BY 4.0" in page.get_text()
    assert len(page.select("#references-title + .reading-list li")) == len(sample.references)
    related = [a.get_text() for a in page.select(".article__footer a")]
    assert "Teachers Working Together" in related


def test_citation_downloads_in_bibtex_and_ris(client, sample):
    bib = client.get(sample.url + "cite/bibtex/")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert "attachment" in bib["Content-Disposition"]
    text = bib.content.decode()
    assert text.startswith("@article{") and text.rstrip().endswith("}")
    assert f"year = {{{sample.date.year}}}" in text
    assert "journal = {ALT Training Online}" in text
    assert f"url = {{http://testserver{sample.url}}}" in text
    ris = client.get(sample.url + "cite/ris/").content.decode()
    lines = ris.splitlines()
    assert lines[0] == "TY  - JOUR" and lines[-1] == "ER  - "
    assert f"TI  - {sample.title}" in lines
    assert [line for line in lines if line.startswith("AU  - ")] == [
        f"AU  - {person.name}" for person in sample.author_people
    ]


def test_bibtex_escapes_special_characters(client, sample):
    sample.title = "Spending 100% of {class} time & more_than_expected"
    sample.save_revision().publish()
    text = client.get(sample.url + "cite/bibtex/").content.decode()
    assert r"title = {Spending 100\% of \{class\} time \& more\_than\_expected}" in text


def test_module_pages_list_alt_research_on_their_topic(client, sample):
    module = ModulePage.objects.get(slug="teachers-working-together")
    research = soup_of(client, module.url).find(
        "section", attrs={"aria-labelledby": "research-title"}
    )
    assert sample.title in research.get_text()
    other = ModulePage.objects.get(slug="phonics")
    assert soup_of(client, other.url).find(id="research-title") is None


def test_a_draft_article_is_not_public(client, db):
    index = ArticleIndexPage.objects.get()
    draft = ArticlePage(title="Unreviewed", abstract="x", body=[], slug="unreviewed", live=False)
    draft.authors = [ArticleAuthor(person=Person.objects.first())]
    index.add_child(instance=draft)
    assert client.get("/resources/research/unreviewed/").status_code == 404
    assert "Unreviewed" not in client.get(index.url).content.decode()


def test_the_reading_list_is_deduplicated_sorted_and_linked_to_its_modules(client, db):
    page = soup_of(client, "/resources/")
    items = page.select("#reading-list li.reading")
    assert len(items) == Reading.objects.filter(module_links__isnull=False).distinct().count()
    mcconnell = next(item for item in items if item.get_text(strip=True).startswith("McConnell"))
    cited_in = mcconnell.select(".reading__note a")
    assert len(cited_in) >= 2 and all(a["href"].endswith("#readings") for a in cited_in)
    authors = [item.select_one(".reading__citation").get_text().split(" (")[0] for item in items]
    assert authors == sorted(authors, key=str.casefold)


def test_the_reading_list_filters_by_module(client, db):
    phonics = ModulePage.objects.get(slug="phonics")
    page = soup_of(client, "/resources/?module=phonics")
    items = page.select("#reading-list li.reading")
    assert len(items) == ModuleReading.objects.filter(page=phonics).count()
    assert page.find("select").find("option", selected=True)["value"] == "phonics"
    everything = soup_of(client, "/resources/?module=not-a-module")
    assert len(everything.select("#reading-list li.reading")) > len(items)


def test_editors_add_downloads_and_links_to_resources(client, db):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    from modules.models import ResourceDownload, ResourceLink

    resources = ResourceIndexPage.objects.get()
    document = Document.objects.create(
        title="Lesson plan template", file=ContentFile(b"plan", name="lesson-plan.docx")
    )
    resources.downloads = [ResourceDownload(title="Lesson plan template", document=document)]
    resources.links = [ResourceLink(title="MEXT", url="https://www.mext.go.jp/en/")]
    resources.save_revision().publish()
    page = soup_of(client, "/resources/")
    download = page.select_one("#downloads a")
    assert download.get_text() == "Lesson plan template" and download["href"] == document.url
    assert page.select_one("#links a")["href"] == "https://www.mext.go.jp/en/"


@pytest.mark.parametrize(("url", "title_level"), [("/resources/research/", 2), ("/resources/", 3)])
def test_article_titles_sit_one_level_below_the_heading_above_them(
    client, sample, url, title_level
):
    """No level is skipped (axe's heading-order): under the research page's h1 the titles are h2;
    under the Resources page's "ALT research" h2 they are h3."""
    page = soup_of(client, url)
    title = page.select_one(".post-card__title")
    assert title.name == f"h{title_level}"
    above = title.find_all_previous(["h1", "h2", "h3", "h4"])[0]
    assert int(above.name[1]) == title_level - 1
