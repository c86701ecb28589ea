"""The portfolio PDF is a document a person would keep: Markdown rendered, Japanese embedded,
nothing printed as a box or '�'. Checked with poppler, as a reader's PDF viewer would see it."""

import subprocess

from django.urls import reverse

import pytest

from tests.helpers import add_comment, pdf_fonts, poppler

ANSWER = """**Students** answered in *full sentences* when the JTE modelled first.

- warm-up: 打ち合わせ before class
- a [phonics game](https://example.org/game) with ひらがな cards 😊
- 外国語指導助手 (ALT) ✅

1. plan
2. teach
"""


@pytest.fixture
def portfolio_pdf(alt_client, alt, module, tmp_path):
    task = module.reflection_tasks.first()
    add_comment(module, ANSWER, task=task, user=alt)
    response = alt_client.get(reverse("community:portfolio_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(response.content)
    return path


def test_every_font_is_embedded_and_one_covers_japanese(portfolio_pdf):
    fonts = pdf_fonts(portfolio_pdf)
    assert any("IPAexGothic" in name for name in fonts), fonts
    for name, line in fonts.items():
        assert line.split()[-5] == "yes", f"{name} is not embedded: {line}"


def test_the_text_is_the_answer_rendered_not_its_markdown(portfolio_pdf):
    text = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", str(portfolio_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = " ".join(text.split())
    assert "Students answered in full sentences" in text
    for japanese in ("打ち合わせ", "ひらがな", "外国語指導助手"):
        assert japanese in text
    assert "**" not in text and "*full" not in text and "- warm-up" not in text
    assert "\ufffd" not in text and "😊" not in text
    assert "[smiling face with smiling eyes]" in text  # named, since no font has it
    assert "(https://example.org/game)" in text  # a link's address is printed for paper
    assert "•" in text and "1." in text and "2." in text  # lists stay lists
