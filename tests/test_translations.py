"""The Japanese interface: every string the site writes has a reviewed Japanese translation, the
compiled catalogue is the one the .po file says, makemessages finds nothing new, and no page a
reader can reach under /ja/ shows an English interface string."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage, BlogPostPage
from community.models import ForumBoardPage, Topic
from home.models import StandardPage
from modules.models import ModulePage

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "ja" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]|%%")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# What makemessages reads: the project, not the virtualenv, tests, benchmarks or build output.
IGNORED = [".venv/*", "tests/*", "bench/*", "staticfiles/*", "node_modules/*"]


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(line):
    return re.sub(r"\\(.)", lambda match: ESCAPES[match.group(1)], line.strip()[1:-1])


def read_po(path):
    """The entries of a .po file: [{"msgctxt", "msgid", "msgid_plural", "msgstr[0]", ...,
    "flags"}], the header first."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry, key = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += _unquote(line)
            else:
                key, _, rest = line.partition(" ")
                entry[key] = _unquote(rest)
        entries.append(entry)
    return entries


def translations(path=PO):
    return [entry for entry in read_po(path) if entry.get("msgid")]


def test_every_string_is_translated_and_none_is_fuzzy_or_obsolete():
    text = PO.read_text(encoding="utf-8")
    assert "\n#~ " not in text, "obsolete entries: run makemessages and remove them"
    header = read_po(PO)[0]
    assert "Language: ja\\n" in repr(header["msgstr"]).replace("\n", "\\n")
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]
    entries = translations()
    assert len(entries) > 300
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        strings = [value for key, value in entry.items() if key.startswith("msgstr")]
        assert strings and all(s.strip() for s in strings), f"untranslated: {entry['msgid']!r}"


def test_every_translation_keeps_the_placeholders_and_markup_of_its_english():
    for entry in translations():
        english = entry.get("msgid_plural", entry["msgid"])
        for key in [key for key in entry if key.startswith("msgstr")]:
            japanese = entry[key]
            # The singular may say "a minute" where the plural says "%(counter)s minutes".
            wanted = set(PLACEHOLDER.findall(english)) | set(PLACEHOLDER.findall(entry["msgid"]))
            assert set(PLACEHOLDER.findall(japanese)) <= wanted, entry["msgid"]
            assert set(PLACEHOLDER.findall(entry["msgid"])) - {"%(counter)s"} <= set(
                PLACEHOLDER.findall(japanese)
            ), entry["msgid"]
            tags = re.compile(r"</?[a-z]+")
            assert sorted(tags.findall(japanese)) == sorted(tags.findall(entry["msgid"])), entry[
                "msgid"
            ]


def test_every_translation_is_japanese_and_polite():
    for entry in translations():
        japanese = entry.get("msgstr", entry.get("msgstr[0]"))
        if entry.get("msgctxt") or entry["msgid"] in {"j F Y", "j M Y", "j M Y, H:i", "M Y"}:
            continue  # punctuation and date formats
        # Japanese words, or (around a placeholder) Japanese punctuation only.
        words = PLACEHOLDER.sub("", re.sub(r"\{\w+\}|<[^>]+>", "", japanese))
        assert JAPANESE.search(words) or not re.search(r"[A-Za-z]", words), entry["msgid"]
        # です・ます: no plain-form sentence endings in full sentences.
        for sentence in re.split(r"(?<=。)", japanese):
            assert not re.search(r"(だ|である|しろ|せよ)。$", sentence.strip()), japanese


def test_the_committed_catalogue_is_compiled_from_the_po_file():
    """The .mo file is committed (so the build needs no gettext); it must say what the .po
    says."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in translations():
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            expected[(msgid, 0)] = entry["msgstr[0]"]
        else:
            expected[msgid] = entry["msgstr"]
    compiled = {key: value for key, value in catalogue.items() if key != ""}
    assert compiled == expected, "run: python manage.py compilemessages"


def test_makemessages_finds_no_string_the_po_file_lacks(tmp_path):
    """Every string marked in the templates and code is in the .po file, and nothing else."""
    if not shutil.which("xgettext"):
        if os.environ.get("REQUIRE_E2E"):
            pytest.fail("xgettext not found: apt-get install gettext")
        pytest.skip("xgettext not found: apt-get install gettext")
    copy = tmp_path / "site"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "media", ".test-media", "tests", "bench", "*.mo"
        ),
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "altcms.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ja", "--no-obsolete"]
        + [f"--ignore={pattern}" for pattern in IGNORED],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )

    def keys(path):
        return {(e.get("msgctxt"), e["msgid"], e.get("msgid_plural")) for e in translations(path)}

    found = keys(copy / "locale" / "ja" / "LC_MESSAGES" / "django.po")
    assert found - keys(PO) == set(), "marked but not in the .po file: run makemessages"
    assert keys(PO) - found == set(), "in the .po file but no longer marked"


# ---------------------------------------------------------------------------------------------
# Every public page type, under /ja/: no English interface string left.


def english_interface_strings():
    """The .po file's English strings that a page could show whole: no placeholders, not a
    date format or punctuation."""
    strings = set()
    for entry in translations():
        msgid = entry["msgid"]
        if entry.get("msgctxt") or PLACEHOLDER.search(msgid) or "<" in msgid:
            continue
        if not re.search(r"[A-Za-z]{2}", msgid) or msgid in {"j F Y", "j M Y", "j M Y, H:i", "M Y"}:
            continue
        strings.add(msgid.strip())
    return strings


def content_strings():
    """What editors write, in English whatever the interface: page titles (a section called
    "Blog" is content), tags (a post tagged "JET Programme") and the glossary's English."""
    from taggit.models import Tag
    from wagtail.models import Page

    from modules.models import GlossaryTerm

    titles = set(Page.objects.values_list("title", flat=True))
    tags = set(Tag.objects.values_list("name", flat=True))
    return titles | tags | set(GlossaryTerm.objects.values_list("english", flat=True))


def english_left(html, strings):
    """Interface strings shown whole, as a text of their own or a label, on the page."""
    strings = strings - content_strings()
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style"]):
        hidden.decompose()
    # The bodies editors and readers write (a section may well be called "Discussion").
    for content in page.select(".module-body, .rich-text, .prose, .comment__body, .topic__body"):
        content.decompose()
    shown = {text.strip() for text in page.find_all(string=True) if text.strip()}
    for attribute in ("aria-label", "placeholder", "title", "alt", "content"):
        shown |= {tag[attribute].strip() for tag in page.find_all(attrs={attribute: True})}
    return sorted(shown & strings)


def public_addresses():
    module = ModulePage.objects.live().get(slug="teachers-working-together")
    board = ForumBoardPage.objects.live().first()
    topic = Topic.objects.create(
        board=board, title="Planning time", body="When do you plan with your JTE?", pinned=True
    )
    addresses = [
        "/",
        "/modules/",
        module.get_parent().url,
        module.url,
        module.url + "?check=1&q1=0",
        module.url + "jte/",
        "/modules/paths/",
        "/modules/problems/",
        "/glossary/",
        "/resources/",
        "/resources/research/",
        ArticlePage.objects.live().first().url,
        "/blog/",
        BlogPostPage.objects.live().first().url,
        "/forum/",
        board.url,
        "/contact/",
        StandardPage.objects.live().first().url,
        "/search/",
        "/search/?q=phonics",
        "/search/?q=qqqzzzxxx",
        "/accounts/login/",
        topic.url,
    ]
    return addresses


@pytest.mark.django_db
def test_every_public_page_type_under_ja_shows_no_english_interface_string(client):
    strings = english_interface_strings()
    assert {"Learning goals", "Search", "Sign in", "Send message"} <= strings
    checked = 0
    for address in public_addresses():
        response = client.get("/ja" + address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert '<html lang="ja">' in html, address
        assert english_left(html, strings) == [], address
        checked += 1
    # The same test finds English: the English pages show the strings it looks for.
    english = client.get(ModulePage.objects.live().get(slug="teachers-working-together").url)
    assert "Learning goals" in english_left(english.content.decode(), strings)
    assert checked >= 20


@pytest.mark.django_db
def test_a_page_that_is_not_there_says_so_in_japanese(client):
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ja">' in html and "ページが見つかりませんでした" in html
    assert english_left(html, english_interface_strings()) == []
