"""How good the search is, measured on a judged set: success@3 and MRR, by kind of query.

A judged set (tests/search/judged.yaml) lists searches with the pages a teacher-trainer would
accept near the top. Each search is made through the whole site (the test client, the view, the
template) and read back as a reader sees it: the common-problem sections shown above the
results first, then the ranked results, each page counted once. Used by the test suite and by
`make bench` (bench/search.py), on whichever database the site runs on.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

from modules.models import ModulePage

RANKS_READ = 10  # MRR counts a first acceptable page down to this rank


@dataclass
class Judged:
    query: str
    kind: str
    accept: list


@dataclass
class Outcome:
    judged: Judged
    seen: list  # page addresses, in the order the reader sees them
    rank: int | None  # of the first acceptable page, from 1

    @property
    def top3(self):
        return self.rank is not None and self.rank <= 3


@dataclass
class Figures:
    kind: str
    outcomes: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.outcomes)

    @property
    def success_at_3(self):
        return sum(o.top3 for o in self.outcomes) / self.count if self.count else 0.0

    @property
    def mrr(self):
        if not self.count:
            return 0.0
        return sum(1 / o.rank for o in self.outcomes if o.rank) / self.count

    @property
    def empty(self):
        return [o.judged.query for o in self.outcomes if not o.seen]

    @property
    def misses(self):
        return [o for o in self.outcomes if not o.top3]


def load(path):
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [Judged(str(e["q"]), e["kind"], list(e["accept"])) for e in entries]


def seen_pages(html):
    """Page addresses in the order a reader meets them on a result page (without #anchors)."""
    soup = BeautifulSoup(html, "html.parser")
    links = soup.select(".search-problems a.search-problem__section, ol.search-results h2 a")
    seen = []
    for link in links:
        path = urlsplit(link["href"]).path
        if path not in seen:
            seen.append(path)
    return seen


def run(client, judged_set):
    """An Outcome for each judged search, made with `client` (a django.test.Client)."""
    urls = dict(_module_urls())
    outcomes = []
    for judged in judged_set:
        response = client.get("/search/", {"q": judged.query})
        seen = seen_pages(response.content.decode())
        wanted = {urls.get(page, page) for page in judged.accept}
        rank = next((i for i, page in enumerate(seen[:RANKS_READ], 1) if page in wanted), None)
        outcomes.append(Outcome(judged, seen, rank))
    return outcomes


def figures(outcomes):
    """{"all": Figures, kind: Figures, ...}"""
    by_kind = {"all": Figures("all")}
    for outcome in outcomes:
        by_kind["all"].outcomes.append(outcome)
        by_kind.setdefault(outcome.judged.kind, Figures(outcome.judged.kind))
        by_kind[outcome.judged.kind].outcomes.append(outcome)
    return by_kind


def _module_urls():
    for module in ModulePage.objects.live().only("slug", "url_path", "path", "depth"):
        yield module.slug, module.url


def table(by_kind):
    """The figures as a Markdown table."""
    lines = [
        "| queries | count | success@3 | MRR | answered with nothing |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, fig in by_kind.items():
        lines.append(
            f"| {kind} | {fig.count} | {fig.success_at_3:.0%} | {fig.mrr:.2f} | {len(fig.empty)} |"
        )
    return "\n".join(lines)
