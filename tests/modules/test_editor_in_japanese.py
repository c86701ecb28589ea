"""The page and snippet editors follow each editor's own language (Account settings →
Language): a Japanese editor reads this site's field labels, help texts, panel headings and
column headings in Japanese, with none of the site's English labels left; an English editor
still reads English."""

import html
import json
import re

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from wagtail.blocks import StructBlockValidationError

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage, BlogPostPage
from community.models import Feedback
from modules.blocks import SelfCheckQuestionBlock
from modules.models import ModulePage, Problem, Reading
from search.models import SearchTerm, check_forms
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


# StreamField blocks, choices and Wagtail's own words ------------------------------------------
# The block editor is drawn in the browser from definitions the page carries as JSON (the
# data-w-block-data-value attributes): their field labels, help texts and choice menus.


def block_words(response):
    """Every label, description and menu option of the page's StreamField block definitions."""
    words = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str):
            if key in ("label", "description"):
                words.add(value)
            words.update(re.findall(r"<option[^>]*>([^<]*)</option>", value))

    soup = BeautifulSoup(response.content, "html.parser")
    for tag in soup.find_all(attrs={"data-w-block-data-value": True}):
        walk(json.loads(tag["data-w-block-data-value"]))
    return {html.unescape(word).strip() for word in words if word.strip()}


# The blocks' English labels (before they were marked, Wagtail made them from the attribute
# names: Heading, Content, Caption...) and this site's English choices.
ENGLISH_BLOCK_WORDS = {
    "Heading",
    "Content",
    "Text",
    "Level",
    "Sub-heading",
    "Attribution",
    "Alt text",
    "Caption",
    "Credit",
    "URL",
    "Transcript",
    "Kind",
    "In the classroom",
    "Answers",
    "Right answer",
    "Feedback",
    "Speaker",
    "Homeroom teacher",
    "- Select an option -",
    "Heading 3",
}


def test_the_module_editors_blocks_are_in_japanese(japanese_client, module):
    response = japanese_client.get(reverse("wagtailadmin_pages:edit", args=[module.pk]))
    words = block_words(response)
    for label in (
        "見出し",  # a section's heading
        "本文",  # a section's content
        "見出しの文言",
        "大見出し",  # the heading levels
        "中見出し",
        "小見出し",
        "引用文",  # a quotation's text
        "出典",  # its attribution
        "代替テキスト",
        "キャプション",
        "撮影者・ライセンス",  # an image's credit
        "文字起こし",
        "種類",  # a callout's kind, and its menu
        "授業で",
        "回答の選択肢",  # a self-check question's answers
        "解説",
        "正解",
        "話し手",  # a dialogue line's speaker
        "担任の先生",
        "- 選択してください -",  # Wagtail's own
        "見出し3",
    ):
        assert label in words, label
    assert words & ENGLISH_BLOCK_WORDS == set()


def test_the_module_editors_blocks_stay_english_for_an_english_editor(english_client, module):
    response = english_client.get(reverse("wagtailadmin_pages:edit", args=[module.pk]))
    words = block_words(response)
    assert words >= ENGLISH_BLOCK_WORDS
    assert "撮影者・ライセンス" not in words


def test_an_articles_references_and_a_posts_blocks_are_in_japanese(japanese_client):
    article = ArticlePage.objects.first()
    words = block_words(japanese_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])))
    for label in ("著者", "発行年", "題名", "出典", "URL（アドレス）", "キャプション", "引用文"):
        assert label in words, label
    assert words & (ENGLISH_BLOCK_WORDS | {"Authors", "Year", "Title", "Source"}) == set()
    post = BlogPostPage.objects.first()
    words = block_words(japanese_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])))
    assert {"引用文", "撮影者・ライセンス", "中見出し"} <= words
    assert words & ENGLISH_BLOCK_WORDS == set()


def test_wagtails_own_words_missing_from_its_catalogue_are_in_japanese(japanese_client, module):
    """Wagtail's Japanese catalogue lacks these; the site's catalogue supplies them
    (altcms/package_strings.py)."""
    response = japanese_client.get(reverse("wagtailadmin_pages:edit", args=[module.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    # The sidebar is drawn from JSON too; its last menu item is Wagtail's Help.
    sidebar = json.dumps(
        json.loads(soup.find(id="wagtail-sidebar-props").string), ensure_ascii=False
    )
    assert '"ヘルプ"' in sidebar and '"Help"' not in sidebar
    text = soup.get_text()
    for words in ("プレビューが最新ではありません", "読みやすさ", "このデータについて"):
        assert words in text, words
    for words in ("Preview is out of date", "Readability", "This data explained"):
        assert words not in text, words


def test_the_feedback_inbox_count_is_in_japanese(japanese_client, module):
    Feedback.objects.create(module=module, sender_name="Aoife", text="A typo.")
    main = shown(japanese_client.get(reverse("community_feedback_modeladmin_index") + "?q=typo"))
    assert main.find(class_="result-count").get_text(strip=True) == "1件中1件"


def test_the_reading_and_person_choosers_are_in_japanese(japanese_client):
    for name in ("modules_reading", "blog_person"):
        response = japanese_client.get(reverse(f"wagtailsnippetchoosers_{name}:choose"))
        assert response.status_code == 200
        modal = BeautifulSoup(response.json()["html"], "html.parser")
        # Wagtail 8.0 translates the chooser's "Search" tab when it starts (ChooserViewSet's
        # gettext at class level), so it stays English whatever the catalogue says.
        for tab in modal.select("#tab-label-search"):
            tab.decompose()
        text = modal.get_text()
        assert "検索" in text, name
        assert english_in(modal) == [], name
        for words in ("Search…", "Sort by", "Select all"):
            assert words not in text, (name, words)
    reading = shown(japanese_client.get(reverse("wagtailsnippets_modules_reading:list")))
    assert "書籍" in reading.get_text()  # a reading's kind, in the filter


def test_the_synonym_sets_sources_are_in_japanese(japanese_client):
    main = shown(japanese_client.get(reverse("wagtailsnippets_search_synonymset:list")))
    text = main.get_text()
    assert "用語集から" in text and "From the glossary" not in text
    assert english_in(main) == []


# Adding a reader's search to the common problems ----------------------------------------------

ADD_TO_PROBLEMS = reverse("search_add_problem")


def test_the_add_to_problems_page_is_in_japanese(japanese_client):
    main = shown(japanese_client.get(ADD_TO_PROBLEMS + "?q=kids+just+sit+there"))
    text = " ".join(main.get_text().split())
    assert main.find("h1").get_text(strip=True) == "検索語をよくある問題に追加"
    assert "読者が「kids just sit there」と検索しました。" in text
    for words in ("追加して下書きを開く", "検索語の一覧に戻る", "追加先", "新しい問題として追加"):
        assert words in text, words
    assert english_in(main) == []
    for words in ("Readers searched for", "Add and open the draft", "Back to the search terms"):
        assert words not in text


def test_adding_a_search_to_the_problems_says_so_in_japanese(japanese_client):
    response = japanese_client.post(
        ADD_TO_PROBLEMS, {"q": "生徒が寝ている", "problem": "new"}, follow=True
    )
    said = [str(message) for message in response.context["messages"]]
    assert said == [
        "「生徒が寝ている」を新しい問題として追加しました。役立つセクションを選んでから公開してください。"
    ]
    refused = japanese_client.post(ADD_TO_PROBLEMS, {"q": "!!!", "problem": "new"})
    assert "この検索には、検索に使える語がありません。" in refused.content.decode()


# Validation messages ------------------------------------------------------------------------


def test_a_modules_self_check_errors_are_in_japanese(module):
    draft = ModulePage.objects.get(pk=module.pk)
    draft.self_check = [
        (
            "question",
            {
                "question": "What do you do?",
                "section": "No such section",
                "answers": [
                    {"text": "A", "correct": True, "feedback": "Yes."},
                    {"text": "B", "correct": False, "feedback": "No."},
                    {"text": "C", "correct": False, "feedback": "No."},
                ],
            },
        )
    ]
    with translation.override("ja"), pytest.raises(ValidationError) as raised:
        draft.clean()
    [message] = raised.value.message_dict["self_check"]
    assert message == (
        "各質問には、このモジュールのセクションを見出しのとおりに書いてください。"
        "「No such section」というセクションはありません。"
    )
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        draft.clean()
    assert "no section is called “No such section”" in raised.value.message_dict["self_check"][0]


def test_a_self_check_question_with_two_right_answers_is_refused_in_japanese():
    block = SelfCheckQuestionBlock()
    value = block.to_python(
        {
            "question": "Q?",
            "section": "S",
            "answers": [
                {"text": "A", "correct": True, "feedback": "Yes."},
                {"text": "B", "correct": True, "feedback": "Yes."},
                {"text": "C", "correct": False, "feedback": "No."},
            ],
        }
    )
    with translation.override("ja"):
        with pytest.raises(StructBlockValidationError) as raised:
            block.clean(value)
        assert raised.value.block_errors["answers"].messages == [
            "正解の回答を1つだけチェックしてください。"
        ]


def test_a_problems_and_a_synonym_sets_errors_are_in_japanese(db):
    problem = Problem(wording="!!!", variants="students won't speak\nstudents won't speak")
    with translation.override("ja"), pytest.raises(ValidationError) as raised:
        problem.clean()
    errors = raised.value.message_dict
    assert errors["wording"] == ["検索で見つけられる語を1つ以上使ってください。"]
    assert errors["variants"] == [
        "「students won't speak」は「students won't speak」と同じ意味になります。"
    ]
    with translation.override("ja"), pytest.raises(ValidationError) as raised:
        check_forms(["zqxwv"])
    assert raised.value.message_dict["terms"] == ["同じ意味の語句を2つ以上入力してください。"]
