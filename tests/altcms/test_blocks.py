"""The shared StreamField blocks' own behaviour (altcms.content.blocks)."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from altcms.content.blocks import CalloutBlock, HeadingBlock, KeyChoiceBlock
from modules.blocks import DialogueLineBlock, HelpfulSectionBlock


def test_a_choice_is_read_back_without_listing_the_choices():
    listed = []

    def choices():
        listed.append(1)
        return [("a", "A"), ("b", "B")]

    block = KeyChoiceBlock(choices=choices)
    assert block.to_python("b") == "b"
    assert block.to_python(None) is None
    assert listed == []  # a plain ChoiceBlock lists them for every value it reads


@pytest.mark.parametrize(
    ("block", "name"),
    [
        (HeadingBlock(), "level"),
        (CalloutBlock(), "kind"),
        (DialogueLineBlock(), "speaker"),
        (HelpfulSectionBlock(), "section"),
    ],
)
def test_every_choice_on_a_page_body_is_a_key_choice(block, name):
    assert isinstance(block.child_blocks[name], KeyChoiceBlock)


def test_a_key_choice_still_refuses_a_value_not_in_its_list():
    with pytest.raises(ValidationError):
        HeadingBlock().child_blocks["level"].clean("h9")


@pytest.mark.parametrize(("language", "title"), [("en", "Try this"), ("ja", "試してみましょう")])
def test_a_callout_without_a_title_shows_its_kind_s_title_in_the_reader_s_language(language, title):
    block = CalloutBlock()
    value = block.to_python({"kind": "tip", "title": "", "body": "<p>Ask them first.</p>"})
    with translation.override(language):
        html = block.render(value)
    assert f'<p class="callout__title">{title}</p>' in html


def test_a_callout_s_own_title_is_shown_as_the_editor_wrote_it():
    block = CalloutBlock()
    value = block.to_python({"kind": "tip", "title": "Before the bell", "body": "<p>x</p>"})
    with translation.override("ja"):
        assert '<p class="callout__title">Before the bell</p>' in block.render(value)


def test_a_dialogue_s_partner_is_named_in_the_reader_s_language():
    from modules.models import ModuleDialogue

    dialogue = ModuleDialogue(partner="HRT")
    with translation.override("ja"):
        assert dialogue.get_partner_display() == "学級担任の先生"
    with translation.override("en"):
        assert dialogue.get_partner_display() == "a homeroom teacher"


def test_a_callout_is_a_note_not_a_landmark_so_two_of_a_kind_do_not_share_a_landmark_name():
    block = CalloutBlock()
    value = block.to_python({"kind": "research", "title": "", "body": "<p>x</p>"})
    html = block.render(value) + block.render(value)
    assert "<aside" not in html and "aria-label" not in html
    assert html.count('role="note"') == 2
