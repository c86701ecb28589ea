"""Blocks only a course module uses: its body is a sequence of titled sections."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks

from altcms.content.blocks import BaseStreamBlock, KeyChoiceBlock


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=160, label=_("Heading"), help_text=_("The section's title.")
    )
    content = BaseStreamBlock(label=pgettext_lazy("section", "Content"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["anchor"] = section_anchor(value["heading"])
        return context

    class Meta:
        icon = "doc-full"
        template = "blocks/section_block.html"
        label = _("Section")
        preview_value = {
            "heading": "Why the role exists",
            "content": [
                (
                    "paragraph",
                    "<p>The JET Programme began in 1987 with goals beyond language teaching.</p>",
                )
            ],
        }
        description = _("A titled section of the module, made of text, callouts, quotes and media.")


class ModuleBodyBlock(blocks.StreamBlock):
    section = SectionBlock()


# Self-check ---------------------------------------------------------------------------------


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=400,
        label=pgettext_lazy("self-check answer", "Text"),
        help_text=_("An answer a real ALT might choose."),
    )
    correct = blocks.BooleanBlock(
        required=False, label=_("Right answer"), help_text=_("Tick the one right answer.")
    )
    feedback = blocks.TextBlock(
        max_length=800,
        label=pgettext_lazy("self-check answer", "Feedback"),
        help_text=_("Why this answer is or is not the best choice, and the section to reread."),
    )

    class Meta:
        icon = "radio-full"
        template = "blocks/self_check_answer.html"
        label = _("Answer")
        preview_value = {
            "text": "Plan the activity together in the corridor before class.",
            "correct": True,
            "feedback": "Two minutes agreed beforehand beat ten explained in front of the class.",
        }


class SelfCheckQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(
        max_length=800,
        label=_("Question"),
        help_text=_("A real classroom or staff-room situation, ending in a question."),
    )
    section = blocks.CharBlock(
        max_length=160,
        label=_("Section"),
        help_text=_(
            "The heading of the module's section this question draws on, as written there."
        ),
    )
    answers = blocks.ListBlock(AnswerBlock(), min_num=3, max_num=4, label=_("Answers"))

    def get_context(self, value, parent_context=None):
        """The question as answered, when the reader has answered (include_block with
        number=…, under a context holding `self_check_result`)."""
        context = super().get_context(value, parent_context=parent_context)
        parent = parent_context or {}
        result, number = parent.get("self_check_result"), parent.get("number")
        context["answered"] = result.for_number(number) if result and number else None
        # The right answer and the explanations: once the reader passes or asks for them.
        context["revealed"] = bool(result and result.revealed)
        context["anchor"] = section_anchor(value["section"])
        return context

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for answer in value["answers"] if answer["correct"]) != 1:
            raise blocks.StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Tick exactly one answer as right."))}
            )
        return value

    class Meta:
        icon = "help"
        template = "blocks/self_check_question.html"
        label = _("Question")
        preview_value = {
            "question": "Your JTE asks you, two minutes before class, to 'do something fun'. "
            "What do you do?",
            "section": "Planning in five minutes",
            "answers": [
                {
                    "text": "Agree one activity and who leads each part, there and then.",
                    "correct": True,
                    "feedback": "A small plan agreed now beats a big one explained later.",
                },
                {
                    "text": "Improvise a game in class.",
                    "correct": False,
                    "feedback": "Without a shared aim the game may not fit the lesson.",
                },
                {
                    "text": "Decline until there is time to plan.",
                    "correct": False,
                    "feedback": "The lesson goes ahead anyway; help it go well.",
                },
            ],
        }


class SelfCheckBlock(blocks.StreamBlock):
    question = SelfCheckQuestionBlock()

    class Meta:
        max_num = 5


# Model dialogues -----------------------------------------------------------------------------

SPEAKERS = [("ALT", "ALT"), ("JTE", "JTE"), ("HRT", _("Homeroom teacher"))]


class DialogueLineBlock(blocks.StructBlock):
    speaker = KeyChoiceBlock(choices=SPEAKERS, label=_("Speaker"))
    en = blocks.TextBlock(max_length=600, label=pgettext_lazy("block field", "English"))
    ja = blocks.TextBlock(
        max_length=600,
        label=pgettext_lazy("block field", "Japanese"),
        help_text=_(
            "What the speaker would really say in Japanese: natural and polite, not a "
            "word-for-word translation."
        ),
    )

    class Meta:
        icon = "openquote"
        template = "blocks/dialogue_line.html"
        label = _("Line")
        preview_value = {
            "speaker": "ALT",
            "en": "Excuse me, do you have a minute? It's about Thursday's class.",
            "ja": "すみません、今ちょっとよろしいですか。木曜日の授業のことなんですが。",
        }


# Learning paths -------------------------------------------------------------------------------


class PathStepBlock(blocks.StructBlock):
    module = blocks.PageChooserBlock(page_type="modules.ModulePage", label=_("Module"))
    reason = blocks.CharBlock(
        max_length=300, label=_("Reason"), help_text=_("One line: why this module comes here.")
    )

    class Meta:
        icon = "arrow-right"
        template = "blocks/path_step.html"
        label = _("Step")
        preview_value = {"reason": "Start with the school and the people in it."}


# The JTE handout ------------------------------------------------------------------------------


class HandoutTermBlock(blocks.StructBlock):
    en = blocks.CharBlock(max_length=120, label=pgettext_lazy("block field", "English"))
    ja = blocks.CharBlock(max_length=120, label=pgettext_lazy("block field", "Japanese"))
    note = blocks.CharBlock(max_length=200, required=False, label=_("Note (Japanese, optional)"))

    class Meta:
        icon = "tag"
        template = "blocks/handout_term.html"
        label = _("Key term")
        preview_value = {"en": "team teaching", "ja": "ティーム・ティーチング", "note": ""}


def section_anchor(heading):
    return "section-" + (slugify(heading) or "untitled")


def section_choices():
    """Every section of every live module, grouped by module, as "<module id>#<anchor>"."""
    # By its label, not an import: modules.models builds its pages from these blocks.
    modules = apps.get_model("modules", "ModulePage").objects.live().order_by("path")
    return [
        (module.title, [(f"{module.pk}#{anchor}", heading) for anchor, heading in module.sections])
        for module in modules
    ]


class HelpfulSectionBlock(blocks.StructBlock):
    """A module section that helps with a common problem, and why."""

    section = KeyChoiceBlock(  # read back without listing every module's sections
        choices=section_choices,
        label=_("Section"),
        help_text=_("The module section, by its heading."),
    )
    why = blocks.CharBlock(
        max_length=200,
        label=pgettext_lazy("helpful section", "Why"),
        help_text=_("One sentence: how this section helps with the problem."),
    )

    class Meta:
        icon = "link"
        template = "blocks/helpful_section_block.html"
        label = _("Section that helps")
        preview_value = {"section": "", "why": "Ways to plan in five minutes, on one page."}
        description = _("A module section that helps with the problem, and one sentence on why.")
