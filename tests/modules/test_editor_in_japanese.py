"""The page and snippet editors follow each editor's own language (Account settings →
Language): a Japanese editor reads this site's field labels, help texts, panel headings and
column headings in Japanese, with none of the site's English labels left; an English editor
still reads English."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from blog.models import BlogPostPage
from modules.models import Reading
from search.models import SearchTerm
from tests.community.test_admin_in_japanese import english_in, shown, speaking
from tests.helpers import make_user

SEARCH_TERMS = reverse("search_terms_report")


@pytest.fixture
def editor(db):
    user = make_user("haruka", email="haruka@example.com")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def japanese_client(client, editor):
    client.force_login(speaking(editor, "ja"))
    return client


@pytest.fixture
def english_client(client, editor):
    client.force_login(editor)
    return client


def page_editor(client, page):
    return shown(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))


def test_the_module_editor_is_in_japanese(japanese_client, module):
    main = page_editor(japanese_client, module)
    text = main.get_text()
    for label in (
        "概要",  # summary
        "学習目標",  # learning goals
        "振り返り課題",  # reflection tasks
        "参考文献",  # readings
        "関連モジュールと確認日",  # related modules and review
        "変更内容（読者に表示されます）",
        "新しいコメントを所有者に通知する",
        "このモジュールの担当者",
        "JTE向け資料",  # the handout tab
        "ALTがJTEに渡せる日本語の1ページの資料です。",  # its help text
        "モジュールの内容と対象者を1～2文で書いてください。",  # the summary's help text
    ):
        assert label in text, label
    assert english_in(main) == []


def test_the_module_editor_stays_english_for_an_english_editor(english_client, module):
    main = page_editor(english_client, module)
    text = main.get_text()
    assert "Reflection tasks" in text and "Notify the owner of new comments" in text
    assert "振り返り課題" not in text
    # The check the Japanese test makes finds this site's English labels when they are there.
    assert {"Reflection tasks", "Related modules and review"} <= set(english_in(main))


def test_the_blog_post_editor_is_in_japanese(japanese_client):
    main = page_editor(japanese_client, BlogPostPage.objects.first())
    text = main.get_text()
    for label in ("投稿日", "導入文", "メイン画像", "メイン画像の代替テキスト", "著者", "本文"):
        assert label in text, label
    assert "一覧に表示する1～2文です。" in text
    assert english_in(main) == []


def test_the_reading_snippet_editor_is_in_japanese(japanese_client, english_client):
    reading = Reading.objects.first()
    url = reverse("wagtailsnippets_modules_reading:edit", args=[reading.pk])
    main = shown(japanese_client.get(url))
    text = main.get_text()
    for label in ("著者", "発行年", "タイトル", "出典", "種類", "DOIまたは出版社のリンクです。"):
        assert label in text, label
    assert english_in(main) == []


def test_the_reading_snippet_editor_stays_english(english_client):
    reading = Reading.objects.first()
    url = reverse("wagtailsnippets_modules_reading:edit", args=[reading.pk])
    main = shown(english_client.get(url))
    assert "A DOI or publisher link." in main.get_text()
    assert "A DOI or publisher link." in english_in(main)


def test_the_search_terms_report_is_in_japanese(japanese_client):
    SearchTerm.objects.create(query="phonics", searches=3, results=0, zero_results=3)
    main = shown(japanese_client.get(SEARCH_TERMS))
    text = main.get_text()
    assert main.find("h1").get_text(strip=True) == "検索語"
    for label in ("検索回数", "結果なし", "前回の結果数", "最終検索日", "見つかるようにする"):
        assert label in text, label
    assert "同義語を追加" in text and "よくある問題に追加" in text
    assert english_in(main) == []


def test_the_search_terms_report_stays_english(english_client):
    SearchTerm.objects.create(query="phonics", searches=3, results=0, zero_results=3)
    main = shown(english_client.get(SEARCH_TERMS))
    assert {"Found nothing", "Add a synonym", "Make it findable"} <= set(english_in(main))
