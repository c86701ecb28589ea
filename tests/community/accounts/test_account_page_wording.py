"""allauth's pages speak as the rest of the site does: sentence case ("Sign in", not allauth's
"Sign In"), natural Japanese, and a link where they say "contact us"."""

import pytest
from bs4 import BeautifulSoup

TITLE_CASE = [
    "Sign In",
    "Sign Up",
    "Signup",
    "Sign Out",
    "Verify Your Email Address",
    "Password Reset",
    "Reset My Password",
    "Change Password",
    "Confirm Email Address",
]


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "heading"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/signup/", "Sign up"),
        ("/accounts/confirm-email/", "Verify your email address"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/done/", "Reset your password"),
    ],
)
def test_the_account_pages_are_in_sentence_case(client, address, heading):
    soup = page(client, address)
    assert soup.h1.get_text(strip=True) == heading
    text = soup.get_text(" ") + soup.title.get_text()
    for title_case in TITLE_CASE:
        assert title_case not in text, title_case


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "heading"),
    [
        ("/ja/accounts/login/", "ログイン"),
        ("/ja/accounts/signup/", "新規登録"),
        ("/ja/accounts/confirm-email/", "メールアドレスを確認してください"),
        ("/ja/accounts/password/reset/", "パスワードの再設定"),
    ],
)
def test_the_account_pages_in_japanese(client, address, heading):
    assert page(client, address).h1.get_text(strip=True) == heading


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["", "/ja"])
def test_contact_us_after_signing_up_is_a_link_to_the_contact_page(client, language):
    soup = page(client, language + "/accounts/confirm-email/")
    contact = soup.select_one("main a[href$='/contact/']")
    assert contact is not None and contact["href"] == language + "/contact/"
    assert contact.get_text(strip=True) in ("contact us", "お問い合わせ")
