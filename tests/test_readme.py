"""The README describes the site as it is, a newcomer can read it in five minutes, and every
link in it and in docs/ leads somewhere."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
TABS = ["Course modules", "Resources", "Blog", "Forum", "Contact"]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def test_the_readme_describes_every_tab_as_working():
    text = README.read_text(encoding="utf-8")
    intro = text.split("## Set-up")[0]
    for tab in TABS:
        assert f"**{tab}**" in intro, f"the README's overview does not describe {tab}"
    unfinished = re.findall(r"being built|coming soon|not yet built|work in progress", text, re.I)
    assert not unfinished, f"the README calls part of the site unfinished: {unfinished}"


def test_the_readme_is_read_in_five_minutes():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 200, f"the README has {len(lines)} lines; move detail into docs/"


def anchors(path):
    """The anchors GitHub gives a Markdown file's headings."""
    seen, found = {}, set()
    for heading in re.findall(r"^#+\s+(.+?)\s*$", FENCE.sub("", path.read_text("utf-8")), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def relative_links(path):
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    for target in LINK.findall(text):
        if not re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: ...
            yield target


@pytest.mark.parametrize("document", [README, *DOCS], ids=lambda path: path.name)
def test_every_relative_link_leads_to_a_file_that_exists(document):
    broken = []
    for target in relative_links(document):
        address, _, anchor = target.partition("#")
        linked = (document.parent / address).resolve() if address else document
        if not linked.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{document.relative_to(ROOT)} links nowhere: {broken}"


def test_the_link_check_sees_links():
    """The check above would pass on no links at all: the README must have some it reads."""
    targets = list(relative_links(README))
    assert "docs/operations.md" in targets, targets
