"""The glossary (/glossary/) of Japanese school terms: complete entries, kept by editors in the
admin, and each term's first mention in a module linking to its entry."""

from django.contrib.auth.models import Group
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from modules.glossary import link_first_mentions, term_slug
from modules.models import GlossaryTerm, ModulePage
from tests.helpers import make_user


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_the_glossary_gives_every_term_in_full(client):
    page = soup(client.get("/glossary/"))
    entries = page.select(".glossary__entry")
    assert len(entries) == GlossaryTerm.objects.count() >= 60
    for term in GlossaryTerm.objects.all():
        entry = page.find(id=f"term-{term.slug}")
        assert entry is not None, term.term
        assert entry.select_one('.glossary__term[lang="ja"]').text == term.term
        assert entry.select_one('.glossary__kana[lang="ja"]').text == term.kana
        assert entry.select_one(".glossary__romaji").text == term.romaji
        assert entry.select_one(".glossary__english").text == term.english
        assert entry.select_one(".glossary__explanation").text.strip()
    required = [
        "学習指導要領",
        "訳読",
        "担任",
        "外国語活動",
        "部活動",
        "職員室",
        "教頭",
        "観点別評価",
    ]
    required += ["班", "日直", "授業参観"]
    shown = {term.text for term in page.select(".glossary__term")}
    assert set(required) <= shown
    romaji = [entry.select_one(".glossary__romaji").text.lower() for entry in entries]
    assert romaji == sorted(romaji, key=term_slug)  # in order, macrons and capitals aside
    letters = [a["href"] for a in page.select(".glossary-letters a")]
    assert all(page.select_one(href) for href in letters)


@pytest.mark.django_db
def test_a_terms_first_mention_in_a_module_links_to_its_entry(client):
    module = ModulePage.objects.get(slug="english-in-japanese-public-schools")
    page = soup(client.get(module.url))
    body = page.select_one(".module-body")
    links = body.select("a.glossary-term")
    assert links
    hrefs = [a["href"] for a in links]
    assert len(hrefs) == len(set(hrefs))  # the first mention only
    course = next(a for a in links if a.text == "学習指導要領")
    assert course["href"] == "/glossary/#term-gakushu-shido-yoryo"
    assert body.text.count("学習指導要領") > 1  # later mentions stay plain
    assert not body.select("h2 a.glossary-term, a a")  # never in a heading or inside a link
    target = soup(client.get("/glossary/")).find(id="term-gakushu-shido-yoryo")
    assert target is not None


@pytest.mark.django_db
def test_a_terms_link_is_described_in_the_readers_language(client):
    """The link's tooltip is the interface's word, with the term's English (content)."""
    module = ModulePage.objects.get(slug="english-in-japanese-public-schools")
    term = GlossaryTerm.objects.get(term="学習指導要領")
    for prefix, title in (("", f"Glossary: {term.english}"), ("/ja", f"用語集：{term.english}")):
        body = soup(client.get(prefix + module.url)).select_one(".module-body")
        link = next(a for a in body.select("a.glossary-term") if a.text == "学習指導要領")
        assert link["title"] == title
        assert link["href"] == f"{prefix}/glossary/#term-gakushu-shido-yoryo"


def test_linking_skips_links_headings_and_code_and_prefers_the_longest_term():
    entries = [
        (("学習指導要領", "gakushū shidō yōryō"), "/g/#a", "Course of Study"),
        (("指導", "shidō"), "/g/#b", "Guidance"),
        (("ALT",), "/g/#c", "ALT"),
    ]
    html = (
        "<h2>学習指導要領</h2><p><a href='/x'>学習指導要領</a> and 学習指導要領 again.</p>"
        "<p><code>指導</code> then 指導, 学習指導要領, ALTs and an ALT.</p>"
    )
    out = BeautifulSoup(link_first_mentions(html, entries), "html.parser")
    links = [(a["href"], a.text) for a in out.select("a.glossary-term")]
    assert links == [("/g/#a", "学習指導要領"), ("/g/#b", "指導"), ("/g/#c", "ALT")]
    assert out.h2.text == "学習指導要領" and not out.h2.a
    assert "ALTs" in out.text  # a whole word only: ALTs is not ALT


@pytest.mark.django_db
def test_editors_keep_the_glossary_in_the_admin_and_search_it_by_any_form(client):
    editor = make_user("edie")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    listing = client.get("/admin/snippets/modules/glossaryterm/")
    assert listing.status_code == 200
    for query in ["訳読", "やくどく", "yakudoku", "Translation reading"]:
        found = client.get("/admin/snippets/modules/glossaryterm/", {"q": query})
        assert "訳読" in found.content.decode(), query


@pytest.mark.django_db
def test_a_corrected_term_is_corrected_on_the_glossary_and_in_the_modules(cached_site):
    module = ModulePage.objects.get(slug="english-in-japanese-public-schools")
    for url in ["/glossary/", module.url]:
        Client().get(url)
        assert Client().get(url)["X-Cache"] == "hit"
    term = GlossaryTerm.objects.get(term="学習指導要領")
    term.english = "Course of Study (national curriculum guidelines)"
    term.save()
    assert "national curriculum guidelines" in Client().get("/glossary/").content.decode()
    assert "national curriculum guidelines" in Client().get(module.url).content.decode()


@pytest.mark.django_db
def test_every_module_links_the_glossary_terms_it_uses(client):
    terms = sorted(GlossaryTerm.objects.all(), key=lambda term: -len(term.term))
    linking = 0
    for module in ModulePage.objects.live():
        body = soup(client.get(module.url)).select_one(".module-body")
        linked = {a["href"].rsplit("#term-", 1)[1] for a in body.select("a.glossary-term")}
        linking += bool(linked)
        # Each term written in the text (outside headings and other links, and not only as a
        # part of a longer term, which is linked instead) is linked at its first mention.
        for element in body.select("h2, h3, a:not(.glossary-term)"):
            element.decompose()
        text = body.get_text(" ")
        used = set()
        for term in terms:
            if term.term in text:
                used.add(term.slug)
                text = text.replace(term.term, " ")
        assert used <= linked, (module.title, used - linked)
    assert linking >= 15  # a module that names no Japanese term has nothing to link
