"""The README describes the site as it is."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
TABS = ["Course Modules", "Resources", "Blog", "Forum", "Contact"]


def test_the_readme_describes_every_tab_as_working():
    text = README.read_text(encoding="utf-8")
    intro = text.split("## Set-up")[0]
    for tab in TABS:
        assert f"**{tab}**" in intro, f"the README's overview does not describe {tab}"
    unfinished = re.findall(r"being built|coming soon|not yet built|work in progress", text, re.I)
    assert not unfinished, f"the README calls part of the site unfinished: {unfinished}"
