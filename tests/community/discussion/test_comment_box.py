"""The comment box's helpers: the server's preview of a comment's Markdown, and a length that
counts a newline once, as the box's live counter does."""

from django.test import Client

import pytest
from bs4 import BeautifulSoup

from community.models import Comment
from tests.helpers import form_data

PREVIEW = "/discussion/preview/"


def test_the_preview_renders_markdown_as_it_will_be_published(db):
    client = Client(enforce_csrf_checks=True)  # visitors' comment form carries no CSRF token
    text = (
        "**Students** liked *it*\r\n\r\n- one\r\n- two\r\n\r\n"
        "<script>alert(1)</script> [x](javascript:alert(1))"
    )
    response = client.post(PREVIEW, {"comment": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.json()["html"]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("strong").get_text() == "Students" and soup.find("em").get_text() == "it"
    assert [li.get_text() for li in soup.select("ul li")] == ["one", "two"]
    assert soup.find("script") is None and not soup.select("a[href^=javascript]")
    assert not Comment.objects.exists()  # nothing is stored


@pytest.mark.parametrize("text", ["x" * 12_001, "bad\x00byte"])
def test_the_preview_refuses_what_it_cannot_render_with_a_400(client, db, text):
    response = client.post(PREVIEW, {"comment": text})
    assert response.status_code == 400 and "error" in response.json()


def test_the_preview_is_post_only(client, db):
    assert client.get(PREVIEW).status_code == 405


def test_the_comment_box_carries_its_limit_and_preview_address(client, module):
    soup = BeautifulSoup(client.get(module.url).content, "html.parser")
    box = soup.select_one("#comment-form textarea[name=comment]")
    assert box["data-max-length"] == "3000"
    assert box["data-preview-url"] == PREVIEW
    assert not box.has_attr("maxlength")


def test_a_newline_counts_once_as_the_counter_counts_it(alt_client, module):
    # 2,999 characters with each newline counted once; browsers send CR LF, 3,028 bytes of it.
    text = "\r\n".join(["a" * 99] * 30)
    response = alt_client.post("/discussion/post/", form_data(module, comment=text))
    assert response.status_code == 302, response.content.decode()[:500]
    assert Comment.objects.get().comment == "\n".join(["a" * 99] * 30)
