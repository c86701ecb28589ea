"""Seed the curriculum: /modules/, its three categories and their modules, and /resources/."""

import hashlib
import json
import re

from altcms.content.seed import (
    ContentError,
    markdown_to_blocks,
    markdown_to_richtext,
    read_content,
    read_yaml,
    smarten,
    split_sections,
)
from modules import downloads
from modules.blocks import section_anchor
from modules.models import (
    GlossaryPage,
    GlossaryTerm,
    LearningPath,
    LearningPathsPage,
    ModuleCategoryPage,
    ModuleDialogue,
    ModuleIndexPage,
    ModulePage,
    ModuleReading,
    Problem,
    ProblemsPage,
    Reading,
    ReflectionTask,
    RelatedModule,
    ResourceDownload,
    ResourceIndexPage,
    ResourceLink,
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
        dialogues = _dialogues_by_module(seeder)
        for category, content in module_files:
            page = _seed_module(seeder, category, content, dialogues.get(content.meta["slug"], []))
            if page is not None:
                seeder.module_ids[content.meta["slug"]] = page.pk
        # Links to modules an editor created by hand resolve too.
        for page in ModulePage.objects.only("id", "slug"):
            seeder.module_ids.setdefault(page.slug, page.pk)
        _seed_paths(seeder, index)
        if seeder.path("problems.yaml").exists():
            _seed_problems(seeder, index, seeder.path("problems.yaml"))

    _seed_resources(seeder, read_content(seeder.path("sections", "resources.md")))
    _seed_glossary(seeder)


def _seed_resources(seeder, content):
    """/resources/: its introduction and a few official links an editor can replace."""
    links = [
        (
            ResourceLink,
            {
                "title": link["title"],
                "url": link["url"],
                "description": " ".join(link.get("description", "").split()),
            },
        )
        for link in content.meta.get("links") or []
    ]
    documents = _download_documents(seeder)
    return seeder.ensure_page(
        "modules:resources",
        seeder.home,
        ResourceIndexPage,
        slug="resources",
        digest=hashlib.sha256(
            f"{content.digest}{[row[1]['document'].pk for row in documents]}".encode()
        ).hexdigest(),
        build=lambda resolve: (
            {
                "title": content.meta["title"],
                "intro": markdown_to_richtext(content.body, resolve),
            },
            {"links": links, "downloads": documents},
        ),
    )


DOWNLOAD_FORMATS = [
    ("pdf", downloads.as_pdf, "PDF to print: one A4 page"),
    ("docx", downloads.as_docx, "Word document to fill in on screen"),
]


def _download_documents(seeder):
    """The team-teaching forms in content/downloads/, each as a PDF and a Word document in
    Wagtail's documents, made once: an editor's later replacement or deletion is kept."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from altcms.models import SeedRecord

    rows = []
    for path in sorted(seeder.path("downloads").glob("*.md")):
        form = downloads.read(path.read_text(encoding="utf-8"))
        for extension, render, description in DOWNLOAD_FORMATS:
            key = f"modules:download:{path.stem}:{extension}"
            record = SeedRecord.objects.filter(key=key).first()
            if record is not None:
                document = Document.objects.filter(pk=record.object_id).first()
                if document is None:
                    continue  # deleted by an editor
            else:
                document = Document(
                    title=f"{form.title} ({extension.upper()})",
                    collection=Collection.get_first_root_node(),
                )
                document.file.save(
                    f"{path.stem}.{extension}", ContentFile(render(form)), save=False
                )
                document.save()
                SeedRecord.objects.create(
                    key=key,
                    content_type=ContentType.objects.get_for_model(Document),
                    object_id=document.pk,
                    digest="",
                )
            rows.append(
                (
                    ResourceDownload,
                    {"title": document.title, "document": document, "description": description},
                )
            )
    return rows


def _seed_paths(seeder, index):
    """/modules/paths/ and its learning paths, from content/paths.yaml."""
    path = seeder.path("paths.yaml")
    if not path.exists():
        return None
    entries, digest = read_yaml(path)
    content = read_content(seeder.path("sections", "paths.md"))

    def build(resolve):
        slugs = {step["module"] for entry in entries or [] for step in entry["steps"]}
        modules = {module.slug: module for module in ModulePage.objects.filter(slug__in=slugs)}
        paths = [
            (
                LearningPath,
                {
                    "title": smarten(entry["title"]),
                    "slug": entry["slug"],
                    "introduction": _plain(entry["introduction"]),
                    "steps": [
                        ("step", {"module": modules[step["module"]], "reason": _plain(reason)})
                        for step in entry["steps"]
                        for reason in [step["reason"]]
                        if step["module"] in modules
                    ],
                },
            )
            for entry in entries or []
        ]
        fields = {"title": content.meta["title"], "intro": markdown_to_richtext(content.body)}
        return fields, {"paths": paths}

    return seeder.ensure_page(
        "modules:paths",
        index,
        LearningPathsPage,
        slug="paths",
        digest=hashlib.sha256(f"{content.digest}{digest}".encode()).hexdigest(),
        build=build,
    )


def _seed_glossary(seeder):
    """/glossary/ and its terms from content/glossary.yaml: a term is created when missing and
    left as it is once it exists, so an editor's corrections are never undone."""
    seeder.ensure_section(
        "modules:glossary",
        seeder.home,
        GlossaryPage,
        "glossary",
        read_content(seeder.path("sections", "glossary.md")),
    )
    path = seeder.path("glossary.yaml")
    entries = (read_yaml(path)[0] if path.exists() else None) or []
    created = {}
    for entry in entries:
        term, made = GlossaryTerm.objects.get_or_create(
            term=entry["term"],
            defaults={
                "kana": entry["kana"],
                "romaji": entry["romaji"],
                "english": entry["english"],
                "explanation": _plain(entry["explanation"]),
            },
        )
        if made:
            created[term] = entry
    terms = {term.term: term for term in GlossaryTerm.objects.all()}
    for term, entry in created.items():
        term.modules.set(ModulePage.objects.filter(slug__in=entry.get("modules") or []))
        term.see_also.set([terms[name] for name in entry.get("see_also") or [] if name in terms])


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


def _dialogues_by_module(seeder):
    """content/dialogues.yaml's dialogues, grouped by the module that shows them."""
    path = seeder.path("dialogues.yaml")
    grouped = {}
    entries = read_yaml(path)[0] if path.exists() else None
    for entry in entries or []:
        grouped.setdefault(entry["module"], []).append(entry)
    return grouped


def _dialogue(entry):
    return {
        "slug": entry["slug"],
        "title": smarten(entry["title"]),
        "partner": entry["partner"],
        "situation": _plain(entry["situation"]),
        "lines": [
            (
                "line",
                {
                    "speaker": line["speaker"],
                    "en": _plain(line["en"]),
                    "ja": _japanese(line["ja"]),
                },
            )
            for line in entry["lines"]
        ],
        "notes": [("note", _plain(note)) for note in entry.get("notes") or []],
    }


CJK = "\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef"
BETWEEN_CJK = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")


def _japanese(text):
    """Japanese from a YAML file: on one line, with no space where a line break fell between
    two Japanese characters (Japanese puts none between words)."""
    return BETWEEN_CJK.sub("", " ".join(str(text).split()))


def _handout(seeder, slug):
    """The module's JTE handout from content/handouts/<slug>.yaml ({} when it has none)."""
    path = seeder.path("handouts", f"{slug}.yaml")
    return (read_yaml(path)[0] or {}) if path.exists() else {}


def _handout_fields(entry):
    if not entry:
        return {}
    return {
        "jte_title": _japanese(entry["title"]),
        "jte_about": _japanese(entry["about"]),
        "jte_why": _japanese(entry["why_it_matters"]),
        "jte_proposals": [("item", _japanese(item)) for item in entry.get("alt_may_propose") or []],
        "jte_questions": [("item", _japanese(item)) for item in entry.get("questions") or []],
        "jte_terms": [
            (
                "term",
                {
                    "en": " ".join(term["en"].split()),
                    "ja": _japanese(term["ja"]),
                    "note": _japanese(term.get("note") or ""),
                },
            )
            for term in entry.get("key_terms") or []
        ],
    }


def _seed_module(seeder, category, content, dialogues=()):
    meta = content.meta
    handout = _handout(seeder, meta["slug"])
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
            **_handout_fields(handout),
            "self_check": [
                ("question", _self_check_question(question))
                for question in meta.get("self_check") or []
            ],
            "try_tomorrow": [
                ("action", smarten(" ".join(action.split())))
                for action in meta.get("try_tomorrow") or []
            ],
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
            "dialogues": [(ModuleDialogue, _dialogue(entry)) for entry in dialogues],
        }
        return fields, children

    digest = content.digest
    if dialogues or handout:  # the page changes when its dialogues or handout do, too
        extra = json.dumps([list(dialogues), handout], sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(f"{digest}\n{extra}".encode()).hexdigest()
    return seeder.ensure_page(
        f"modules:module:{meta['slug']}",
        category,
        ModulePage,
        slug=meta["slug"],
        digest=digest,
        build=build,
    )


EMPHASIS = re.compile(r"\*([^*\n]+)\*")


def _plain(text):
    """Front-matter prose as the site shows it: one line, curly quotes, *a heading* quoted."""
    return smarten(EMPHASIS.sub(r'"\1"', " ".join(str(text).split())))


def _self_check_question(question):
    return {
        "question": _plain(question["question"]),
        "section": smarten(" ".join(question["section"].split())),
        "answers": [
            {
                "text": _plain(answer["text"]),
                "correct": bool(answer.get("correct")),
                "feedback": _plain(answer["feedback"]),
            }
            for answer in question["answers"]
        ],
    }


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
