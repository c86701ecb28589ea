"""factory_boy / wagtail-factories factories for the page types and their parts."""

from wagtail.rich_text import RichText

import factory
import wagtail_factories

from modules.models import (
    ModuleCategoryPage,
    ModulePage,
    ModuleReading,
    Reading,
    ReflectionTask,
)


class ReadingFactory(factory.django.DjangoModelFactory):
    authors = factory.Sequence(lambda n: f"Author{n}, A.")
    year = 2010
    title = factory.Sequence(lambda n: f"A study of team teaching, part {n}")
    source = "Example Journal, 1(1), 1–10"
    kind = Reading.KIND_ARTICLE

    class Meta:
        model = Reading


class ModuleCategoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Category {n}")
    summary = "A test category."

    class Meta:
        model = ModuleCategoryPage


def section(heading, *paragraphs):
    return (
        "section",
        {"heading": heading, "content": [("paragraph", RichText(p)) for p in paragraphs]},
    )


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Test module {n}")
    summary = "What this test module is about."
    learning_goals = factory.LazyFunction(
        lambda: [("goal", "Explain one thing."), ("goal", "Plan another.")]
    )
    body = factory.LazyFunction(
        lambda: [section("First section", "<p>Some words about team teaching.</p>")]
    )

    class Meta:
        model = ModulePage


def add_tasks_and_readings(module, tasks, readings):
    """Give a module `tasks` reflection tasks and `readings` readings, and publish it."""
    module.reflection_tasks = [
        ReflectionTask(prompt=f"Task prompt {i}", guidance=f"Guidance {i}") for i in range(tasks)
    ]
    module.readings = [
        ModuleReading(reading=ReadingFactory(), note=f"Note {i}") for i in range(readings)
    ]
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)
