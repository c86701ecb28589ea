"""The community's admin screens follow each editor's own language (Account settings →
Language): in Japanese for an editor who chose Japanese, with none of this site's English labels
left; in English for one who did not."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup
from django_comments.models import CommentFlag

from community.models import Feedback, ForumBoardPage, Topic
from tests.helpers import add_comment, make_user
from tests.test_translations import english_interface_strings, english_left

INBOX = reverse("community_feedback_modeladmin_index")
COMMENTS = reverse("community_comment_modeladmin_index")
TOPICS = reverse("community_topic_modeladmin_index")


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def staff(db):
    """Someone who edits and moderates, reading the admin in Japanese."""
    user = make_user("haruka", email="haruka@example.com")
    user.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Moderators"))
    return speaking(user, "ja")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def shown(response):
    """The admin page's own words: the main content, without the menu (Wagtail's)."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main") or soup
    return main


def english_in(main):
    return english_left(str(main), english_interface_strings())


def test_the_feedback_inbox_is_in_japanese_for_an_editor_who_chose_japanese(staff_client, module):
    Feedback.objects.create(
        module=module, sender_name="Aoife", sender_email="a@example.com", text="A typo."
    )
    main = shown(staff_client.get(INBOX))
    text = main.get_text()
    assert "フィードバック受信箱" in str(main) or "フィードバック" in text
    assert "チェックした項目を：" in text and "適用" in text  # the bulk form
    assert "送信者" in text and "受信日" in text and "新規" in text  # columns, status
    assert "モジュールを編集画面で開く" in text  # the row's button
    assert english_in(main) == []
    item = Feedback.objects.get()
    inspect = shown(
        staff_client.get(reverse("community_feedback_modeladmin_inspect", args=[item.pk]))
    )
    assert "差出人" in inspect.get_text() and "送信者の希望" in inspect.get_text()
    assert english_in(inspect) == []


def test_the_same_inbox_stays_english_for_an_editor_who_did_not_choose(client, module):
    editor = make_user("edwin")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    Feedback.objects.create(module=module, sender_name="Aoife", text="A typo.")
    main = shown(client.get(INBOX))
    text = main.get_text()
    assert "With the ticked items:" in text and "Open module in editor" in text
    assert "チェックした項目を" not in text
    # The check the Japanese tests make finds this site's English words when they are there.
    assert {"With the ticked items:", "Open module in editor"} <= set(english_in(main))


def test_the_admin_home_panels_are_in_japanese(staff_client, module):
    Feedback.objects.create(module=module, sender_name="Aoife", text="A typo.")
    add_comment(module, "Held", is_public=False, awaiting="moderation")
    main = shown(staff_client.get(reverse("wagtailadmin_home")))
    feedback_panel = main.find(class_="feedback-panel")
    moderation_panel = main.find(class_="moderation-panel")
    assert "読者のフィードバックと見直し" in feedback_panel.get_text()
    assert "新しいフィードバック：1件" in " ".join(feedback_panel.get_text().split())
    links = [" ".join(a.get_text().split()) for a in moderation_panel.find_all("a")]
    assert links == ["モデレーターの確認待ちのコメント：1件"]
    assert "読者から報告されたコメントはありません" in moderation_panel.get_text()
    assert english_in(feedback_panel) == [] and english_in(moderation_panel) == []


def test_moderating_a_comment_is_in_japanese(staff_client, module, alt):
    comment = add_comment(module, "Held", is_public=False, awaiting="moderation")
    reported = add_comment(module, "Reported")
    CommentFlag.objects.create(comment=reported, user=alt, flag=CommentFlag.SUGGEST_REMOVAL)
    queue = shown(staff_client.get(COMMENTS + "?status=attention"))
    text = queue.get_text()
    for label in (
        "承認",
        "残す（報告を取り下げ）",
        "投稿者をブロック",
        "フィードバック受信箱へ送る",
    ):
        assert label in text, label
    assert "モデレーターの確認待ち" in text  # the status filter and the row's status
    assert queue.find("h1").get_text(strip=True).startswith("コメント")
    assert english_in(queue) == []

    moderate = reverse("community_comment_modeladmin_moderate", args=[comment.pk])
    confirm = shown(staff_client.get(moderate + "?action=block"))
    assert "このコメントの投稿者をブロックしますか？" in confirm.get_text()
    assert "理由（ほかのモデレーター向けにブロックの記録と一緒に残ります）" in confirm.get_text()
    assert english_in(confirm) == []
    done = staff_client.post(moderate, {"action": "approve"}, follow=True)
    assert "Readerさんのコメントを公開しました。" in done.content.decode()

    blocked = shown(staff_client.get(reverse("community_blockedauthor_modeladmin_index")))
    assert "ブロック中の投稿者" in blocked.get_text()


def test_forum_topics_and_sending_one_to_the_inbox_are_in_japanese(staff_client, alt):
    board = ForumBoardPage.objects.first()
    topic = Topic.objects.create(board=board, author=alt, title="Planning", body="Hi", pinned=True)
    listing = shown(staff_client.get(TOPICS))
    assert "作成者" in listing.get_text() and "固定" in listing.get_text()
    assert english_in(listing) == []
    to_feedback = reverse("community_topic_modeladmin_feedback", args=[topic.pk])
    confirm = shown(staff_client.get(to_feedback))
    assert "このトピックをフィードバック受信箱へ送りますか？" in confirm.get_text()
    assert english_in(confirm) == []
    done = staff_client.post(to_feedback, follow=True)
    item = Feedback.objects.get(topic=topic)
    assert f"「Planning」をフィードバック#{item.pk}にしました。" in done.content.decode()


def test_certificates_revoking_and_restoring_are_in_japanese(staff_client, alt):
    from community.models import Certificate
    from modules.models import ModuleCategoryPage

    category = ModuleCategoryPage.objects.get(slug="contextual")
    certificate = Certificate.objects.create(
        user=alt,
        category=category,
        name="Kenji Sato",
        category_title=category.title,
        started_on="2026-10-01",
        completed_on="2026-10-03",
    )
    index = reverse("community_certificate_modeladmin_index")
    listing = shown(staff_client.get(index))
    text = listing.get_text()
    assert listing.find("h1").get_text(strip=True).startswith("修了証")
    for label in ("印字された氏名", "ユーザー名", "分野", "コード", "発行日", "状態"):
        assert label in text, label
    assert "有効" in text and "取り消す" in text and "履歴" in text  # status, buttons
    assert "取り消し済み" in text  # the status filter
    assert english_in(listing) == []

    revoke = reverse("community_certificate_modeladmin_revoke", args=[certificate.pk])
    confirm = shown(staff_client.get(revoke))
    assert "この修了証を取り消しますか？" in confirm.get_text()
    assert "取り消しの理由" in confirm.get_text() and "修了証を取り消す" in confirm.get_text()
    assert english_in(confirm) == []
    refused = staff_client.post(revoke, {"reason": ""})
    assert refused.status_code == 400
    assert "修了証を取り消す理由を入力してください。" in refused.content.decode()
    done = staff_client.post(revoke, {"reason": "回答の写し 🙇"}, follow=True)
    assert f"Kenji Satoさんの修了証 {certificate.code} を取り消しました。" in done.content.decode()
    listing = shown(done)
    assert "取り消し済み（" in listing.get_text() and "復元" in listing.get_text()
    assert english_in(listing) == []

    history = reverse("community_certificate_modeladmin_history", args=[certificate.pk])
    shown_history = shown(staff_client.get(history))
    assert "取り消しました。理由：回答の写し 🙇" in shown_history.get_text()
    restore = reverse("community_certificate_modeladmin_restore", args=[certificate.pk])
    assert "この修了証を復元しますか？" in shown(staff_client.get(restore)).get_text()
    done = staff_client.post(restore, follow=True)
    assert f"修了証 {certificate.code} を復元しました。" in done.content.decode()
