"""What the community's forms say when they refuse something, under /ja/: in Japanese, with no
English left (the forum's new-topic form, the profile's name, sign-up and sign-in)."""

import html

from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup

from community.models import ForumBoardPage, Profile
from tests.helpers import make_user


def errors_of(response):
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(
        item.get_text(" ", strip=True)
        for item in page.select(".errorlist, .form-errors, .field__errors")
    )


@pytest.mark.django_db
def test_the_new_topic_form_in_japanese(alt_client):
    board = ForumBoardPage.objects.get(slug="team-teaching")
    address = "/ja" + board.url + "new/"
    form = BeautifulSoup(alt_client.get(address).content, "html.parser")
    assert form.find("label", attrs={"for": "id_title"}).get_text(strip=True) == "タイトル"

    empty = errors_of(alt_client.post(address, {"title": " ", "body": ""}))
    assert "トピックのタイトルを入力してください。" in empty
    assert "話題を始めるために内容を入力してください。" in empty
    long = errors_of(alt_client.post(address, {"title": "題" * 151, "body": "x" * 10_001}))
    assert "タイトルは150文字までです（入力は151文字）。" in long
    assert "投稿は10000文字までです（入力は10001文字）。" in long
    assert "Title" not in empty + long and "characters" not in long


@pytest.mark.django_db
def test_a_name_kept_for_staff_or_taken_is_refused_in_japanese(alt_client):
    make_user("hanako")
    address = "/ja" + reverse("community:edit_profile")
    kept = alt_client.post(address, {"display_name": "Moderator", "is_public": "on"})
    assert kept.status_code == 400
    assert "その名前はサイトのスタッフ用です。ご自分の名前を選んでください。" in errors_of(kept)
    taken = alt_client.post(address, {"display_name": "hanako", "is_public": "on"})
    assert taken.status_code == 400
    assert "その名前はほかのメンバーが使っています。" in errors_of(taken)
    assert not Profile.objects.filter(display_name__in=["Moderator", "hanako"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "prefix, bio, name",
    [
        (
            "",
            "“About you” can be at most 1000 characters; yours has 5006.",
            "Display names can be at most 60 characters; yours has 61.",
        ),
        (
            "/ja",
            "自己紹介は1000文字までです（現在5006文字）。",
            "表示名は60文字までです（現在61文字）。",
        ),
    ],
)
def test_a_profile_too_long_is_said_in_the_sites_words(alt_client, prefix, bio, name):
    address = prefix + reverse("community:edit_profile")
    response = alt_client.post(
        address, {"display_name": "名" * 61, "bio": "自己紹介🌸" * 1001 + "x", "is_public": "on"}
    )
    assert response.status_code == 400
    errors = errors_of(response)
    assert bio in errors and name in errors
    assert "この値は" not in errors and "Ensure this value" not in errors
    assert not Profile.objects.filter(bio__startswith="自己紹介").exists()


@pytest.mark.django_db
def test_signing_up_as_staff_and_too_many_wrong_passwords_in_japanese(client):
    refused = client.post(
        "/ja" + reverse("account_signup"),
        {
            "username": "ａｄｍｉｎ",
            "email": "a@example.com",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert refused.status_code == 400
    assert "そのユーザー名はサイトのスタッフ用です。別の名前を選んでください。" in html.unescape(
        refused.content.decode()
    )

    user = make_user("kenji")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    login = "/ja" + reverse("account_login")
    for _ in range(5):
        client.post(login, {"login": "kenji", "password": "wrong"})
    blocked = client.post(login, {"login": "kenji", "password": "a-long-pass-phrase"})
    text = html.unescape(blocked.content.decode())
    assert "パスワードの誤りが多すぎます" in text and "5分" in text
    assert "Too many wrong passwords" not in text


@pytest.mark.django_db
def test_signing_in_and_out_in_japanese_stays_in_japanese(client):
    user = make_user("kenji")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    signed_in = client.post(
        "/ja" + reverse("account_login"), {"login": "kenji", "password": "a-long-pass-phrase"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/ja/"
    signed_out = client.post("/ja" + reverse("account_logout"))
    assert signed_out.status_code == 302 and signed_out["Location"] == "/ja/"
    # In English, as before.
    client.post(reverse("account_login"), {"login": "kenji", "password": "a-long-pass-phrase"})
    assert client.post(reverse("account_logout"))["Location"] == "/"


@pytest.mark.django_db
def test_what_editors_write_in_english_is_marked_english_on_japanese_pages(client):
    """On /ja/ the interface is Japanese and the module's text is English: a screen reader
    must read each in its own language (WCAG 3.1.2). English pages need no mark."""
    from modules.models import ModulePage

    module = ModulePage.objects.get(slug="english-in-japanese-public-schools")
    japanese = BeautifulSoup(client.get("/ja" + module.url).content, "html.parser")
    assert japanese.html["lang"] == "ja"
    for selector in ("#module-title", ".module-hero__summary", ".module-body", ".checklist"):
        assert japanese.select_one(selector)["lang"] == "en", selector
    assert japanese.select_one(".brand__tagline")["lang"] == "en"
    assert japanese.select_one(".learning-goals h2").get("lang") is None  # the interface's
    term = next(
        a for a in japanese.select(".module-body a.glossary-term") if a.text == "学習指導要領"
    )
    assert term["lang"] == "ja"

    english = BeautifulSoup(client.get(module.url).content, "html.parser")
    assert english.html["lang"] == "en"
    assert english.select_one(".module-body").get("lang") is None


@pytest.mark.django_db
def test_a_nul_character_is_named_as_the_problem_in_japanese(client):
    """Django's own Japanese for this refusal says "please enter something", while the box is
    full: the site's catalogue says what is wrong, and the text is kept."""
    response = client.post(
        "/ja/contact/",
        {
            "name": "田中\x00花子",
            "email": "hanako@example.com",
            "module": "",
            "about": "",
            "message": "ハンドアウトの誤字を見つけました。",
            "honeypot": "",
        },
    )
    assert response.status_code == 400
    errors = errors_of(response)
    assert "NUL文字（制御文字）が含まれています。" in errors
    assert "何か文字を入力してください" not in errors
    assert "ハンドアウトの誤字を見つけました。" in response.content.decode()
