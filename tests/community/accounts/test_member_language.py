"""A member's language for emails: kept from the language they use the site in (the switch,
signing in or up, posting), chosen on their profile, and followed by allauth's account emails."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup

from community.models import Profile
from tests.helpers import form_data, make_user

PROFILE = "/community/me/profile/"


def language_of(user):
    return Profile.objects.filter(user=user).values_list("language", flat=True).first()


def verified(username, language=None):
    user = make_user(username)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if language is not None:
        Profile.objects.create(user=user, language=language)
    return user


def test_the_language_switch_keeps_a_signed_in_members_language(alt_client, alt):
    assert language_of(alt) is None  # no profile yet
    response = alt_client.get("/language/ja/?next=/modules/")
    assert response.status_code == 302 and response["Location"] == "/ja/modules/"
    assert language_of(alt) == "ja"
    alt_client.get("/language/en/?next=/ja/modules/")
    assert language_of(alt) == "en"


@pytest.mark.parametrize("forged", ["xx", "ja-XX-forged", "%3Cscript%3E", "en" * 40])
def test_a_forged_language_in_the_switch_is_ignored(alt_client, alt, forged):
    Profile.objects.create(user=alt, language="ja")
    response = alt_client.get(f"/language/{forged}/?next=/modules/")
    assert response.status_code == 302
    assert language_of(alt) == "ja"


@pytest.mark.parametrize("spelling", ["JA", "Ja", "ja-JP"])
def test_the_switch_keeps_the_sites_own_code_however_it_is_spelled(alt_client, alt, spelling):
    Profile.objects.create(user=alt, language="en")
    response = alt_client.get(f"/language/{spelling}/?next=/modules/")
    assert response["Location"] == "/ja/modules/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"  # as Varnish reads it
    assert language_of(alt) == "ja"


def test_a_link_from_another_site_changes_the_page_not_the_members_emails(alt_client, alt):
    """The switch is a link, with no CSRF token: another site may link to it, and the reader
    sees the page in Japanese, but what the member keeps is not changed from outside."""
    Profile.objects.create(user=alt, language="en")
    response = alt_client.get("/language/ja/?next=/", HTTP_SEC_FETCH_SITE="cross-site")
    assert response["Location"] == "/ja/"
    assert language_of(alt) == "en"
    alt_client.get("/language/ja/?next=/", HTTP_SEC_FETCH_SITE="same-origin")
    assert language_of(alt) == "ja"


def test_the_switch_stores_nothing_for_a_reader_who_is_not_signed_in(client, db):
    assert client.get("/language/ja/?next=/").status_code == 302
    assert not Profile.objects.exists()


def test_signing_in_keeps_the_language_of_the_sign_in_page(client, db):
    user = verified("mika")
    response = client.post(
        "/ja/accounts/login/", {"login": "mika", "password": "a-long-pass-phrase"}
    )
    assert response.status_code == 302
    assert language_of(user) == "ja"


def test_signing_in_on_an_english_page_does_not_undo_a_choice_of_japanese(client, module):
    """A Japanese member may sign in from a link to an English page: their choice stays."""
    user = verified("mika", language="ja")
    client.post(reverse("account_login"), {"login": "mika", "password": "a-long-pass-phrase"})
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert language_of(user) == "ja"
    response = client.post("/discussion/post/", form_data(module, comment="Hello from English"))
    assert response.status_code == 302  # nor does posting on an English page
    assert language_of(user) == "ja"
    client.get("/language/en/?next=/")  # the switch is a choice: it does
    assert language_of(user) == "en"


def test_signing_up_in_japanese_keeps_japanese_and_confirms_in_japanese(client, db):
    response = client.post(
        "/ja/accounts/signup/",
        {
            "username": "aya",
            "email": "aya@example.com",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="aya")
    assert language_of(user) == "ja"
    [message] = mail.outbox
    assert re.search(r"http://testserver/ja/accounts/confirm-email/\S+/", message.body)


def test_posting_keeps_the_language_the_member_posted_in(client, module):
    poster = make_user("poster")
    client.force_login(poster)
    response = client.post("/ja/discussion/post/", form_data(module, comment="こんにちは"))
    assert response.status_code == 302
    assert language_of(poster) == "ja"


def test_a_password_reset_asked_for_in_english_reaches_a_japanese_member_in_japanese(client, db):
    verified("kaori", language="ja")
    response = client.post(reverse("account_reset_password"), {"email": "kaori@example.com"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert re.search(r"[\u3040-\u30ff]", message.subject + message.body)
    link = re.search(r"http://testserver(/\S*/password/reset/key/\S+/)", message.body).group(1)
    assert link.startswith("/ja/accounts/password/reset/key/")
    page = client.get(link, follow=True)
    assert page.status_code == 200 and '<html lang="ja">' in page.content.decode()


def test_a_password_reset_asked_for_in_japanese_reaches_an_english_member_in_english(client, db):
    verified("emma", language="en")
    client.post("/ja/accounts/password/reset/", {"email": "emma@example.com"})
    [message] = mail.outbox
    assert not re.search(r"[\u3040-\u30ff]", message.subject + message.body)
    assert re.search(r"http://testserver/accounts/password/reset/key/\S+/", message.body)


def test_a_member_chooses_the_language_for_emails_on_their_profile(alt_client, alt):
    alt_client.get(f"/language/ja/?next={PROFILE}")
    page = BeautifulSoup(alt_client.get("/ja" + PROFILE).content, "html.parser")
    label = page.find("label", attrs={"for": "id_language"})
    assert label.get_text() == "メールの言語"
    options = {o["value"]: o.get_text() for o in page.find(id="id_language").find_all("option")}
    assert options == {"": "未選択", "en": "English", "ja": "日本語"}
    assert page.find(id="id_language").find("option", selected=True)["value"] == "ja"

    response = alt_client.post(PROFILE, {"language": "en"})
    assert response.status_code == 302
    assert language_of(alt) == "en"


@pytest.mark.parametrize("forged", ["fr", "ja-JP", "<b>", "x" * 500])
def test_a_forged_language_on_the_profile_is_a_clear_form_error(alt_client, alt, forged):
    Profile.objects.create(user=alt, language="en")
    response = alt_client.post("/ja" + PROFILE, {"language": forged})
    assert response.status_code == 400
    errors = BeautifulSoup(response.content, "html.parser").find(id="id_language_errors")
    assert "正しく選択してください" in errors.get_text()
    assert language_of(alt) == "en"
