"""Accounts with django-allauth: sign-up with email verification, sign in (rate limited),
password reset, and deleting an account without losing the conversation."""

import html
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup

from community.models import Comment, Topic
from tests.helpers import add_comment, make_user

User = get_user_model()


def signup(client, username="mika", email="mika@example.com", password="a-long-pass-phrase"):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": password, "password2": password},
    )


def text_of(response):
    return html.unescape(response.content.decode())


def test_sign_up_verify_email_and_sign_in(client, db):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="mika")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mika@example.com"]
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    confirm = client.get(link.group(1))
    assert confirm.status_code == 200
    client.post(link.group(1))
    assert EmailAddress.objects.get(user=user).verified
    page = client.get("/modules/")
    nav = BeautifulSoup(page.content, "html.parser").find("nav", attrs={"aria-label": "Account"})
    assert "mika" in nav.get_text() and "Sign in" not in nav.get_text()


def test_joining_from_a_page_comes_back_to_it_once_the_address_is_confirmed(client, db):
    page = client.get("/ja/modules/")
    header = BeautifulSoup(page.content, "html.parser").find("nav", class_="account-nav")
    join = header.find("a", string="新規登録")["href"]
    form = BeautifulSoup(client.get(join).content, "html.parser").find("form", method="post")
    carried = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    assert carried["next"] == "/ja/modules/"
    carried.update(
        username="mika",
        email="mika@example.com",
        password1="a-long-pass-phrase",
        password2="a-long-pass-phrase",
    )
    client.post(join, carried)
    link = re.search(r"https?://testserver(/\S*accounts/confirm-email/\S+/)", mail.outbox[0].body)
    confirmed = client.post(link.group(1))
    assert confirmed.status_code == 302 and confirmed["Location"] == "/ja/modules/"


def test_an_unverified_account_cannot_sign_in_yet(client, db):
    signup(client)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "mika", "password": "a-long-pass-phrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_signing_up_twice_with_one_email_is_refused_clearly(client, db):
    make_user("taken", email="same@example.com")
    response = signup(client, username="newname", email="same@example.com")
    assert response.status_code == 400
    assert "already registered with this email" in text_of(response).lower()
    assert not User.objects.filter(username="newname").exists()


@pytest.mark.parametrize("username", ["<b>bold</b>", "<script>x</script>", "a b", "x" * 200])
def test_a_username_with_markup_or_spaces_is_refused(client, db, username):
    response = signup(client, username=username, email="u@example.com")
    assert response.status_code == 400
    assert "<script>x</script>" not in response.content.decode()
    assert not User.objects.filter(email="u@example.com").exists()


def test_sign_in_attempts_are_rate_limited(client, db):
    user = make_user("kenji")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(5):
        failed = client.post(reverse("account_login"), {"login": "kenji", "password": "wrong"})
        assert failed.status_code == 400
    blocked = client.post(
        reverse("account_login"), {"login": "kenji", "password": "a-long-pass-phrase"}
    )
    assert blocked.status_code in (400, 429)
    assert "too many wrong passwords for this account" in text_of(blocked).lower()
    assert "_auth_user_id" not in client.session


def test_signing_out_is_a_post(client, alt):
    client.force_login(alt)
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(client, alt):
    response = client.post(reverse("account_reset_password"), {"email": alt.email})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [alt.email]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_account_pages_answer_bad_input_with_400(alt_client):
    response = alt_client.post(reverse("account_email"), {"action_add": "", "email": "nope"})
    assert response.status_code == 400
    response = alt_client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 400


def test_deleting_an_account_keeps_comments_as_former_member(client, alt, module):
    comment = add_comment(module, "A useful answer", user=alt, ip_address="198.51.100.7")
    client.force_login(alt)
    wrong = client.post(reverse("community:delete_account"), {"password": "nope"})
    assert wrong.status_code == 400 and User.objects.filter(pk=alt.pk).exists()

    response = client.post(reverse("community:delete_account"), {"password": "a-long-pass-phrase"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alt.pk).exists()
    comment.refresh_from_db()
    assert comment.comment == "A useful answer" and not comment.is_removed
    assert (comment.user_id, comment.user_name, comment.user_email, comment.ip_address) == (
        None,
        "",
        "",
        None,
    )
    page = client.get(module.url).content.decode()
    assert "Former member" in page and "Kenji" not in page


def test_deleting_an_account_can_remove_its_posts_too(client, alt, module):
    from community.models import ForumBoardPage

    comment = add_comment(module, "Remove me", user=alt)
    topic = Topic.objects.create(
        board=ForumBoardPage.objects.first(), author=alt, title="Mine", body="Body"
    )
    client.force_login(alt)
    client.post(
        reverse("community:delete_account"),
        {"password": "a-long-pass-phrase", "remove_posts": "on"},
    )
    assert Comment.objects.get(pk=comment.pk).is_removed
    assert Topic.objects.get(pk=topic.pk).is_removed
