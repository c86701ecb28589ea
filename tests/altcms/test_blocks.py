"""The shared StreamField blocks' own behaviour (altcms.content.blocks)."""

from django.core.exceptions import ValidationError

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
