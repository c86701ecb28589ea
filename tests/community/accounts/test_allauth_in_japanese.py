"""The /ja/accounts/ pages use the site's Japanese terms (新規登録, メールアドレス, ユーザー名),
not allauth's or Wagtail's (ユーザー登録, Eメール, ユーザ名)."""

import gettext
from pathlib import Path

import allauth
import pytest
from bs4 import BeautifulSoup

from community.accounts.allauth_terms import ALLAUTH_MSGIDS
from tests.helpers import make_user

THEIR_TERMS = ["ユーザー登録", "Eメール", "ユーザ名"]


def words(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    for script in page(["script", "style"]):
        script.decompose()
    attributes = [
        tag[name]
        for name in ("placeholder", "aria-label")
        for tag in page.find_all(attrs={name: True})
    ]
    return " ".join([page.get_text(" ")] + attributes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/ja/accounts/signup/",
        "/ja/accounts/login/",
        "/ja/accounts/password/reset/",
        "/ja/accounts/confirm-email/",
    ],
)
def test_the_account_pages_say_what_the_rest_of_the_site_says(client, address):
    text = words(client.get(address))
    for theirs in THEIR_TERMS:
        assert theirs not in text, theirs
    assert "新規登録" in text


@pytest.mark.django_db
def test_the_signup_page_in_japanese(client):
    text = words(client.get("/ja/accounts/signup/"))
    assert "メールアドレス" in text and "ユーザー名" in text
    signed_in = make_user("aki")
    client.force_login(signed_in)
    assert "Eメール" not in words(client.get("/ja/accounts/email/"))


def test_allauth_still_writes_each_string_we_reword():
    """If allauth changes a msgid, ours would silently stop applying."""
    catalogue = Path(allauth.__file__).parent / "locale" / "ja" / "LC_MESSAGES" / "django.mo"
    with catalogue.open("rb") as handle:
        theirs = gettext.GNUTranslations(handle)._catalog
    for msgid in ALLAUTH_MSGIDS:
        if msgid in ("Email", "Username"):
            continue  # allauth's forms say these; the Japanese it shows comes from Wagtail's
        assert msgid in theirs, msgid
