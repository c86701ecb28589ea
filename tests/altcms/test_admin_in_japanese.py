"""The outgoing-email screens and the admin home's warning follow the editor's own language."""

from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from altcms.models import OutgoingEmail
from tests.helpers import make_editor
from tests.test_translations import english_interface_strings, english_left


@pytest.fixture
def japanese_editor(db):
    editor = make_editor("hanako")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "ja"
    profile.save()
    return editor


def main_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def test_outgoing_email_is_in_japanese_for_an_editor_who_chose_japanese(client, japanese_editor):
    email = OutgoingEmail.objects.create(
        subject="Feedback from Aoife",
        from_email="site@example.com",
        to=["edna@example.com"],
        status=OutgoingEmail.RETRYING,
        attempts=2,
        last_error="Connection refused",
        next_attempt_at=timezone.now(),
    )
    client.force_login(japanese_editor)
    strings = english_interface_strings()

    listing = main_of(client.get(reverse("altcms_outgoingemail_modeladmin_index")))
    text = listing.get_text()
    assert "送信メール" in text and "宛先" in text and "直近のエラー" in text
    assert "失敗（再送信予定）" in text and "再送信" in text
    assert english_left(str(listing), strings) == []

    again = main_of(client.get(reverse("altcms_outgoing_email_send_again", args=[email.pk])))
    assert "このメッセージを再送信しますか？" in again.get_text()
    assert "今すぐ再送信" in again.get_text()
    assert english_left(str(again), strings) == []

    home = main_of(client.get(reverse("wagtailadmin_home")))
    panel = home.find(class_="outgoing-email-panel")
    assert "送信できなかったメール" in panel.get_text()
    assert "1件が再送信を待っています" in panel.get_text()
    assert english_left(str(panel), strings) == []

    client.post(reverse("altcms_outgoing_email_send_again", args=[email.pk]))
    listing = client.get(reverse("altcms_outgoingemail_modeladmin_index"))
    assert "メッセージをもう一度送信待ちにしました。" in listing.content.decode()
