"""The machinery behind `manage.py seed_site`: content files in, Wagtail pages out.

Each app that owns seed content has a `seed.py` with a `seed(seeder)` function; seed_site calls
them in INSTALLED_APPS order, so `home` makes the home page before the apps that hang pages
under it. Apps never import each other for this: what one seeds for the next (the home page, the
module pages' ids) travels on the Seeder.

The rules, per object, keyed by the content entry it came from (a SeedRecord):
- missing and never seeded: create it and publish it;
- seeded, file unchanged: leave it alone (a second run changes nothing);
- seeded, file changed, nobody but seed_site has touched the page: update and publish it;
- seeded, but an editor has since revised, published, moved or unpublished it: keep theirs;
- seeded, but an editor deleted it: do not bring it back.
"""

import hashlib
import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import Page, PageLogEntry

import yaml
from markdown_it import MarkdownIt

from altcms.models import SeedRecord

# Bump when the conversion below changes, so unedited pages are rebuilt on the next run.
SEED_FORMAT = "2"

FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n?(.*)\Z", re.S)
CALLOUT_OPEN_RE = re.compile(r"^:::\s*(classroom|research|tip|note)\b\s*(.*)$")
CALLOUT_CLOSE_RE = re.compile(r"^:::\s*$")
ATTRIBUTION_RE = re.compile(r"^(?:--|—|–)\s*(.+)$")
MODULE_LINK_RE = re.compile(r'<a href="module:([a-z0-9-]+)">(.*?)</a>', re.S)

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["replacements", "smartquotes"]
)


_typographer = MarkdownIt("zero", {"typographer": True}).enable(["replacements", "smartquotes"])


def smarten(text):
    """Typographic quotes and dashes for plain text (headings, goals, tasks); no other markup."""
    return html_lib.unescape(_typographer.renderInline(text))


class ContentError(Exception):
    """A content file that cannot be turned into a page; the message says which and why."""


@dataclass
class ContentFile:
    path: Path
    meta: dict
    body: str
    digest: str


def read_content(path):
    """Read a Markdown file with YAML front matter."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER_RE.match(text)
    if not match:
        raise ContentError(f"{path}: no YAML front matter between --- lines")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: front matter is not valid YAML: {error}") from error
    digest = hashlib.sha256(f"{SEED_FORMAT}\n{text}".encode()).hexdigest()
    return ContentFile(path=path, meta=meta, body=match.group(2), digest=digest)


def read_yaml(path):
    """Read a YAML content file; a mistake in it is a ContentError naming the file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from error
    digest = hashlib.sha256(f"{SEED_FORMAT}\n{text}".encode()).hexdigest()
    return data, digest


def markdown_to_richtext(text, resolve=None):
    """Markdown to Wagtail's rich text storage format.

    Links written as (module:slug) become page links when `resolve(slug)` knows the page,
    and plain text otherwise.
    """
    html = _markdown.render(text).strip()
    html = (
        html.replace("<strong>", "<b>")
        .replace("</strong>", "</b>")
        .replace("<em>", "<i>")
        .replace("</em>", "</i>")
    )

    def page_link(match):
        page_id = resolve(match.group(1)) if resolve else None
        if page_id is None:
            return match.group(2)
        return f'<a linktype="page" id="{page_id}">{match.group(2)}</a>'

    return MODULE_LINK_RE.sub(page_link, html)


def markdown_to_blocks(text, resolve=None):
    """Markdown to a list of shared-stream blocks: headings, text, callouts and quotations."""
    blocks = []
    buffer = []

    def flush():
        chunk = "\n".join(buffer).strip()
        buffer.clear()
        if chunk:
            blocks.append(("paragraph", markdown_to_richtext(chunk, resolve)))

    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        callout = CALLOUT_OPEN_RE.match(line)
        if callout:
            flush()
            inner = []
            i += 1
            while i < len(lines) and not CALLOUT_CLOSE_RE.match(lines[i]):
                inner.append(lines[i])
                i += 1
            blocks.append(
                (
                    "callout",
                    {
                        "kind": callout.group(1),
                        "title": callout.group(2).strip(),
                        "body": markdown_to_richtext("\n".join(inner), resolve),
                    },
                )
            )
        elif line.startswith(">"):
            flush()
            quoted = []
            while i < len(lines) and lines[i].startswith(">"):
                quoted.append(lines[i][1:].strip())
                i += 1
            i -= 1
            attribution = ""
            if quoted and ATTRIBUTION_RE.match(quoted[-1]):
                attribution = ATTRIBUTION_RE.match(quoted.pop()).group(1).strip()
            blocks.append(
                ("quote", {"text": " ".join(q for q in quoted if q), "attribution": attribution})
            )
        elif re.match(r"^#{2,4} ", line):
            flush()
            level = f"h{len(line) - len(line.lstrip('#'))}"
            blocks.append(("heading", {"text": smarten(line.lstrip("#").strip()), "level": level}))
        else:
            buffer.append(line)
        i += 1
    flush()
    return blocks


def split_sections(text):
    """Split Markdown at its `## ` headings into [(heading, markdown)].

    Text before the first heading would belong to no section, so it is an error, not dropped.
    """
    parts = re.split(r"^## +", text, flags=re.M)
    if parts[0].strip():
        raise ContentError(f"text before the first '## ' heading: {parts[0].strip()[:60]!r}")
    sections = []
    for part in parts[1:]:
        heading, _, rest = part.partition("\n")
        sections.append((smarten(heading.strip()), rest.strip()))
    return sections


def touched_by_person(page):
    """Has anyone but seed_site revised, published, moved or unpublished this page?"""
    return (
        page.revisions.exclude(user=None).exists()
        or PageLogEntry.objects.filter(page=page).exclude(user=None).exists()
    )


@dataclass
class Seeder:
    content_dir: Path
    write: callable = print
    demo_users: bool = False
    home: Page | None = None
    # Slug → page id of every module page, so bodies can link to each other.
    module_ids: dict = field(default_factory=dict)
    counts: dict = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})
    kept: list = field(default_factory=list)
    _pending: list = field(default_factory=list)

    def path(self, *parts):
        return self.content_dir.joinpath(*parts)

    def resolve_module(self, slug):
        return self.module_ids.get(slug)

    def ensure_page(self, key, parent, model, slug, digest, build):
        """Make sure the page seeded under `key` exists; returns it, or None if an editor
        deleted it. `build(resolve)` returns (fields, children) for the page; it is called again
        at `finish()`, once every page exists, so cross-links resolve."""
        record = SeedRecord.objects.filter(key=key).first()
        if record is not None:
            page = model.objects.filter(pk=record.object_id).first()
            if page is None:
                self.kept.append(f"{key}: deleted by an editor, not recreated")
                return None
            if record.digest == digest:
                self.counts["unchanged"] += 1
            elif touched_by_person(page):
                self.kept.append(f"{key}: revised by an editor, their version kept")
            else:
                self._pending.append((page, build, record, digest, "updated"))
            return page

        existing = parent.get_children().filter(slug=slug).first() if parent else None
        if existing is not None:
            # Made by hand before seed_site knew about it: adopt the record, never the content.
            SeedRecord.objects.create(
                key=key,
                content_type=ContentType.objects.get_for_model(Page),
                object_id=existing.pk,
                digest="adopted",
            )
            self.kept.append(f"{key}: a page already exists at this address, left as it is")
            return existing.specific

        fields, children = build(None)
        page = model(slug=slug, live=False, **fields)
        for name, rows in children.items():
            set_relation(page, name, rows, new=True)
        parent.add_child(instance=page)
        record = SeedRecord.objects.create(
            key=key,
            content_type=ContentType.objects.get_for_model(Page),
            object_id=page.pk,
            digest="",
        )
        self._pending.append((page, build, record, digest, "created"))
        return page

    def ensure_section(self, key, parent, model, slug, content):
        """A section's index page whose title and intro come from one Markdown file."""
        return self.ensure_page(
            key,
            parent,
            model,
            slug=slug,
            digest=content.digest,
            build=lambda resolve: (
                {
                    "title": content.meta["title"],
                    "intro": markdown_to_richtext(content.body, resolve),
                },
                {},
            ),
        )

    def finish(self):
        """Build every new or changed page with all cross-links resolved, and publish it."""
        for page, build, record, digest, action in self._pending:
            # Re-read the page: other apps may have added children to it through another
            # instance since, and a stale one would write an old child count back.
            page = type(page).objects.get(pk=page.pk)
            fields, children = build(self.resolve_module)
            for name, value in fields.items():
                setattr(page, name, value)
            for name, rows in children.items():
                set_relation(page, name, rows)
            page.save_revision(log_action=True).publish(log_action=True)
            record.digest = digest
            record.save(update_fields=["digest", "updated_at"])
            self.counts[action] += 1
        self._pending.clear()


def set_relation(page, name, rows, new=False):
    """Set one of a page's relations from a build(): inline rows [(model, fields)], tag names
    [str] (a taggable manager), or model instances (a ParentalManyToManyField)."""
    rows = list(rows)
    if rows and isinstance(rows[0], str) or (not rows and hasattr(getattr(page, name), "set")):
        getattr(page, name).set(rows)
    elif rows and not isinstance(rows[0], tuple):
        setattr(page, name, rows)
    elif new:
        setattr(page, name, [child_model(**values) for child_model, values in rows])
    else:
        sync_children(page, name, rows)


def sync_children(page, relation, rows):
    """Set an inline relation from [(model, fields)], keeping existing rows (and their ids, which
    comments and feedback point at) by position."""
    existing = list(getattr(page, relation).all())
    children = []
    for position, (child_model, values) in enumerate(rows):
        child = existing[position] if position < len(existing) else child_model()
        for name, value in values.items():
            setattr(child, name, value)
        child.sort_order = position
        children.append(child)
    setattr(page, relation, children)


def run(content_dir, write=print, demo_users=False):
    """Seed every app, in INSTALLED_APPS order, in one transaction."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    seeder = Seeder(content_dir=Path(content_dir), write=write, demo_users=demo_users)
    with transaction.atomic():
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.seed"
            if app_config.name == "altcms" or find_spec(module_name) is None:
                continue
            import_module(module_name).seed(seeder)
        seeder.finish()
    return seeder
