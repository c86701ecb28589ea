"""Seed the curriculum: /modules/, its three categories and their modules, and /resources/."""

import re

from altcms.seed import (
    ContentError,
    markdown_to_blocks,
    markdown_to_richtext,
    read_content,
    read_yaml,
    smarten,
    split_sections,
)
from modules.blocks import section_anchor
from modules.models import (
    ModuleCategoryPage,
    ModuleIndexPage,
    ModulePage,
    ModuleReading,
    Problem,
    ProblemsPage,
    Reading,
    ReflectionTask,
    RelatedModule,
    ResourceIndexPage,
)

ARTICLE_SOURCE_RE = re.compile(r"\d+\s*\(\s*\d|,\s*\d+\s*[–-]\s*\d+")


def seed(seeder):
    home = seeder.home
    index_file = read_content(seeder.path("modules", "index.md"))
    index = seeder.ensure_section("modules:index", home, ModuleIndexPage, "modules", index_file)
    if index is not None:
        categories = sorted(
            (
                (read_content(path / "index.md"), path)
                for path in seeder.path("modules").iterdir()
                if path.is_dir()
            ),
            key=lambda item: (item[0].meta.get("order", 99), item[1].name),
        )
        module_files = []
        for content, category_dir in categories:
            category = _seed_category(seeder, index, category_dir.name, content)
            if category is None:
                continue
            for path in sorted(category_dir.glob("[0-9][0-9]-*.md")):
                module_files.append((category, read_content(path)))
        for category, content in module_files:
            page = _seed_module(seeder, category, content)
            if page is not None:
                seeder.module_ids[content.meta["slug"]] = page.pk
        # Links to modules an editor created by hand resolve too.
        for page in ModulePage.objects.only("id", "slug"):
            seeder.module_ids.setdefault(page.slug, page.pk)
        if seeder.path("problems.yaml").exists():
            _seed_problems(seeder, index, seeder.path("problems.yaml"))

    resources = read_content(seeder.path("sections", "resources.md"))
    seeder.ensure_section("modules:resources", home, ResourceIndexPage, "resources", resources)


def _seed_category(seeder, index, slug, content):
    meta = content.meta
    return seeder.ensure_page(
        f"modules:category:{slug}",
        index,
        ModuleCategoryPage,
        slug=slug,
        digest=content.digest,
        build=lambda resolve: (
            {
                "title": meta["title"],
                "summary": meta["summary"].strip(),
                "intro": markdown_to_richtext(content.body, resolve),
            },
            {},
        ),
    )


def _seed_module(seeder, category, content):
    meta = content.meta
    for key in ("title", "slug", "summary", "learning_goals", "readings", "reflection_tasks"):
        if not meta.get(key):
            raise ContentError(f"{content.path}: front matter has no {key}")

    try:
        sections = split_sections(content.body)
    except ContentError as error:
        raise ContentError(f"{content.path}: {error}") from error

    def build(resolve):
        body = [
            ("section", {"heading": heading, "content": markdown_to_blocks(text, resolve)})
            for heading, text in sections
        ]
        related = []
        for slug in meta.get("related") or []:
            module_id = resolve(slug) if resolve else None
            if module_id is not None:
                related.append((RelatedModule, {"module_id": module_id}))
        fields = {
            "title": meta["title"],
            "summary": smarten(" ".join(meta["summary"].split())),
            "learning_goals": [("goal", smarten(goal)) for goal in meta["learning_goals"]],
            "body": body,
            "last_reviewed": meta.get("last_reviewed"),
        }
        children = {
            "reflection_tasks": [
                (
                    ReflectionTask,
                    {
                        "prompt": smarten(" ".join(task["prompt"].split())),
                        "guidance": smarten(" ".join(task.get("guidance", "").split())),
                    },
                )
                for task in meta["reflection_tasks"]
            ],
            "readings": [
                (
                    ModuleReading,
                    {"reading": _reading(entry), "note": smarten(entry.get("note", ""))},
                )
                for entry in meta["readings"]
            ],
            "related_modules": related,
        }
        return fields, children

    return seeder.ensure_page(
        f"modules:module:{meta['slug']}",
        category,
        ModulePage,
        slug=meta["slug"],
        digest=content.digest,
        build=build,
    )


def _seed_problems(seeder, index, path):
    """/modules/problems/ from content/problems.yaml: each problem's sections are named by module
    slug and heading, and stored as the module's id and the heading's anchor."""
    data, digest = read_yaml(path)
    settings = {value for value, _label in Problem.SETTINGS}
    for number, problem in enumerate(data["problems"], 1):
        if problem.get("setting") not in settings or not problem.get("sections"):
            raise ContentError(f"{path}: problem {number} needs a setting and sections")

    def build(resolve):
        rows = []
        for problem in data["problems"]:
            helps = []
            for section in problem["sections"]:
                module_id = resolve(section["module"]) if resolve else None
                if module_id is not None:
                    anchor = section_anchor(section["heading"])
                    helps.append(
                        ("section", {"section": f"{module_id}#{anchor}", "why": section["why"]})
                    )
            values = {
                "wording": smarten(problem["problem"]),
                "variants": "\n".join(smarten(v) for v in problem.get("variants") or []),
                "setting": problem["setting"],
                "helps": helps,
            }
            rows.append((Problem, values))
        fields = {"title": "Common problems", "intro": markdown_to_richtext(data["intro"])}
        return fields, {"problems": rows}

    seeder.ensure_page(
        "modules:problems", index, ProblemsPage, slug="problems", digest=digest, build=build
    )


def _reading(entry):
    """The shared Reading for a citation; an existing one (perhaps corrected by an editor) wins."""
    source = " ".join(str(entry["source"]).split())
    kind = entry.get("kind") or (
        Reading.KIND_ARTICLE if ARTICLE_SOURCE_RE.search(source) else Reading.KIND_BOOK
    )
    reading, _ = Reading.objects.get_or_create(
        authors=" ".join(str(entry["authors"]).split()),
        year=int(entry["year"]),
        title=" ".join(str(entry["title"]).split()),
        defaults={"source": source, "kind": kind, "url": entry.get("url", "")},
    )
    return reading
