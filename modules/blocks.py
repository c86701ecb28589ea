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
