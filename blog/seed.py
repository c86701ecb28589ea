"""Seed /blog/ and its posts, the authors (people), /resources/research/ with its sample
article, and the editors' review workflow for submitted articles."""

from django.contrib.auth.models import Group
from django.utils import translation

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from altcms.content.choices import PREFECTURES
from altcms.content.seed import (
    ContentError,
    markdown_to_blocks,
    read_content,
    read_yaml,
    smarten,
    split_sections,
)
from blog.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    BlogIndexPage,
    BlogPostAuthor,
    BlogPostPage,
    Person,
)
from modules.models import ModulePage, ResourceIndexPage


def prefecture_code(name):
    """The JIS code of a prefecture named in English in the content files ("Tokyo" → "13")."""
    with translation.override("en"):
        codes = {str(label).lower(): code for code, label in PREFECTURES}
    return codes.get(str(name).lower(), "")


def seed(seeder):
    people = seed_people(seeder)
    index_file = read_content(seeder.path("sections", "blog.md"))
    blog = seeder.ensure_section("blog:index", seeder.home, BlogIndexPage, "blog", index_file)
    if blog is not None:
        for path in sorted(seeder.path("blog").glob("*.md")):
            seed_post(seeder, blog, read_content(path), people)

    resources = ResourceIndexPage.objects.first()
    if resources is None:
        return
    research_file = read_content(seeder.path("sections", "research.md"))
    research = seeder.ensure_section(
        "blog:research", resources, ArticleIndexPage, "research", research_file
    )
    if research is not None:
        for path in sorted(seeder.path("research").glob("*.md")):
            seed_article(seeder, research, read_content(path), people)
        seed_review_workflow(research)


def seed_people(seeder):
    """People by name; an existing person (perhaps edited in the admin) is left as it is."""
    entries, _ = read_yaml(seeder.path("people.yaml"))
    people = {}
    for entry in entries or []:
        prefecture = prefecture_code(entry.get("prefecture", ""))
        person, _ = Person.objects.get_or_create(
            name=entry["name"],
            defaults={
                "role": entry.get("role", "editor"),
                "bio": " ".join(str(entry.get("bio", "")).split()),
                "prefecture": prefecture,
            },
        )
        people[person.name] = person
    return people


def _authors(content, people, link_model):
    names = content.meta.get("authors") or []
    missing = [name for name in names if name not in people]
    if missing:
        raise ContentError(f"{content.path}: authors not in people.yaml: {', '.join(missing)}")
    return [(link_model, {"person": people[name]}) for name in names]


def seed_post(seeder, blog, content, people):
    meta = content.meta
    authors = _authors(content, people, BlogPostAuthor)
    seeder.ensure_page(
        f"blog:post:{meta['slug']}",
        blog,
        BlogPostPage,
        slug=meta["slug"],
        digest=content.digest,
        build=lambda resolve: (
            {
                "title": smarten(meta["title"]),
                "date": meta["date"],
                "intro": smarten(" ".join(meta["intro"].split())),
                "body": markdown_to_blocks(content.body, resolve),
            },
            {"authors": authors, "tags": [str(tag) for tag in meta.get("tags") or []]},
        ),
    )


def seed_article(seeder, research, content, people):
    meta = content.meta
    authors = _authors(content, people, ArticleAuthor)
    try:
        sections = split_sections(content.body)
    except ContentError as error:
        raise ContentError(f"{content.path}: {error}") from error
    references = [
        (
            "reference",
            {
                "authors": ref["authors"],
                "year": int(ref["year"]),
                "title": ref["title"],
                "source": ref["source"],
                "url": ref.get("url", ""),
            },
        )
        for ref in meta.get("references") or []
    ]

    def build(resolve):
        modules = list(ModulePage.objects.filter(slug__in=meta.get("related_modules") or []))
        fields = {
            "title": smarten(meta["title"]),
            "date": meta["date"],
            "abstract": " ".join(meta["abstract"].split()),
            "body": [
                ("section", {"heading": heading, "content": markdown_to_blocks(text, resolve)})
                for heading, text in sections
            ],
            "references": references,
            "licence": meta.get("licence", "CC BY 4.0"),
            "is_example": bool(meta.get("example", meta["title"].startswith("Example"))),
        }
        children = {
            "authors": authors,
            "keywords": [str(word) for word in meta.get("keywords") or []],
            "related_modules": modules,
        }
        return fields, children

    seeder.ensure_page(
        f"blog:article:{meta['slug']}",
        research,
        ArticlePage,
        slug=meta["slug"],
        digest=content.digest,
        build=build,
    )


def seed_review_workflow(research):
    """Submitted articles go to the Editors group for review before they can be published."""
    task, created = GroupApprovalTask.objects.get_or_create(name="Editor review")
    if created:
        task.groups.set(Group.objects.filter(name="Editors"))
    workflow, created = Workflow.objects.get_or_create(name="ALT article review")
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=research, defaults={"workflow": workflow})
