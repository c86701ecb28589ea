"""Blocks only a course module uses: its body is a sequence of titled sections."""

from django.utils.text import slugify

from wagtail import blocks

from altcms.blocks import BaseStreamBlock


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=160, help_text="The section's title.")
    content = BaseStreamBlock()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["anchor"] = section_anchor(value["heading"])
        return context

    class Meta:
        icon = "doc-full"
        template = "blocks/section_block.html"
        label = "Section"
        preview_value = {
            "heading": "Why the role exists",
            "content": [
                (
                    "paragraph",
                    "<p>The JET Programme began in 1987 with goals beyond language teaching.</p>",
                )
            ],
        }
        description = "A titled section of the module, made of text, callouts, quotes and media."


class ModuleBodyBlock(blocks.StreamBlock):
    section = SectionBlock()


def section_anchor(heading):
    return "section-" + (slugify(heading) or "untitled")


def section_choices():
    """Every section of every live module, grouped by module, as "<module id>#<anchor>"."""
    from modules.models import ModulePage

    modules = ModulePage.objects.live().order_by("path")
    return [
        (module.title, [(f"{module.pk}#{anchor}", heading) for anchor, heading in module.sections])
        for module in modules
    ]


class SectionChoiceBlock(blocks.ChoiceBlock):
    """A module section, from every live module's sections. The stored value is already the
    choice's key (a string), so reading it back never lists the choices (one query per value)."""

    def normalize_choice(self, value):
        return None if value is None else str(value)


class HelpfulSectionBlock(blocks.StructBlock):
    """A module section that helps with a common problem, and why."""

    section = SectionChoiceBlock(
        choices=section_choices, help_text="The module section, by its heading."
    )
    why = blocks.CharBlock(
        max_length=200, help_text="One sentence: how this section helps with the problem."
    )

    class Meta:
        icon = "link"
        template = "blocks/helpful_section_block.html"
        label = "Section that helps"
        preview_value = {"section": "", "why": "Ways to plan in five minutes, on one page."}
        description = "A module section that helps with the problem, and one sentence on why."
