"""Accounts under faults and attack: signing in, signing up and resetting a password work with
Redis down; every 429 is a designed page that says when to try again; five wrong passwords
from one address do not lock the owner out everywhere."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup

from tests.conftest import restore_seeded_site
from tests.helpers import make_user, post_at_the_same_instant

PASSWORD = "a-long-pass-phrase"  # tests.helpers.make_user's
REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "KEY_PREFIX": "issue16-test",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }
}


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


@pytest.fixture
def member(db):
    user = make_user("kenji")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def redis_down(settings):
    settings.CACHES = REDIS_DOWN
    assert caches["default"].add("probe", 1) is None  # really unreachable
    yield
    caches["default"].close()


def test_members_sign_in_while_redis_is_down(client, member, redis_down, caplog):
    response = client.post(reverse("account_login"), {"login": "kenji", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    assert "rate limits unavailable" in caplog.text.lower()


def test_wrong_passwords_still_say_so_while_redis_is_down(client, member, redis_down):
    response = client.post(reverse("account_login"), {"login": "kenji", "password": "nope"})
    assert response.status_code == 400
    assert "not correct" in text_of(response).lower()


def test_people_sign_up_and_reset_passwords_while_redis_is_down(client, member, redis_down):
    signup = client.post(
        reverse("account_signup"),
        {
            "email": "rio@example.com",
            "username": "rio",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert signup.status_code == 302
    assert any(m.to == ["rio@example.com"] for m in mail.outbox)
    reset = client.post(reverse("account_reset_password"), {"email": member.email})
    assert reset.status_code == 302
    assert any(m.to == [member.email] for m in mail.outbox)


def test_allauths_429_is_a_designed_page_that_says_when(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    client.post(reverse("account_login"), {"login": "kenji", "password": "nope"})
    response = client.post(reverse("account_login"), {"login": "kenji", "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    page = text_of(response)
    assert "Please wait a minute, then try again" in page
    assert "Try again in one minute" in page
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("header.site-header") and soup.select_one("main#main")


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(client, member):
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(5):
        failed = client.post(
            reverse("account_login"), {"login": "kenji", "password": "guess"}, **attacker
        )
        assert failed.status_code == 400
    blocked = client.post(
        reverse("account_login"), {"login": "kenji", "password": PASSWORD}, **attacker
    )
    assert "_auth_user_id" not in client.session
    assert "too many wrong passwords" in text_of(blocked).lower()
    assert "wait 5 minutes" in text_of(blocked).lower()
    # The owner, at school on another connection, signs in as usual.
    response = client.post(
        reverse("account_login"),
        {"login": "kenji", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.20",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_one_address_is_still_limited_across_accounts(client, db):
    for n in range(10):
        make_user(f"member{n}")
    codes = [
        client.post(
            reverse("account_login"),
            {"login": f"member{n}", "password": "guess"},
            REMOTE_ADDR="203.0.113.9",
        ).status_code
        for n in range(10)
    ]
    assert codes == [400] * 10
    response = client.post(
        reverse("account_login"),
        {"login": "member0", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    assert "_auth_user_id" not in client.session
    assert "too many" in text_of(response).lower()


def test_usernames_and_display_names_that_are_not_yours_are_refused(client, db):
    make_user("kenji")
    for username in ("Moderator", "ADMIN", "editor"):
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"{username}@example.net",
                "username": username,
                "password1": "a-long-pass-phrase-42",
                "password2": "a-long-pass-phrase-42",
            },
        )
        assert response.status_code == 400, username
        assert "kept for the site's staff" in text_of(response)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL")
def test_a_double_clicked_sign_up_makes_one_account_and_no_error(
    transactional_db, django_db_serialized_rollback
):
    """Both copies of a double-clicked sign-up pass the form's checks before either is stored;
    the second then meets the account the first made. It is answered like the first (the page
    that says to confirm the address), not with a server error, and one account and one
    confirmation email come of it."""
    restore_seeded_site()
    data = {
        "username": "mika",
        "email": "mika@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    answers = post_at_the_same_instant(reverse("account_signup"), data)
    assert sorted(answer.status_code for answer in answers) == [302, 302]
    assert {answer.url for answer in answers} == {reverse("account_email_verification_sent")}
    assert get_user_model().objects.filter(username="mika").count() == 1
    assert EmailAddress.objects.filter(email="mika@example.com").count() == 1
    assert len([m for m in mail.outbox if "mika@example.com" in m.to]) == 1


def test_a_name_taken_by_someone_else_in_the_same_instant_is_told_on_the_form(
    client, db, monkeypatch
):
    """Between the form's checks and storing the account, someone else's sign-up took the
    username (the unique key says so): the form says so (400) and keeps what was typed; nothing
    is stored or sent."""
    from django.db import IntegrityError

    from allauth.account import views as allauth_views

    def taken_meanwhile(view, form):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(allauth_views.SignupView, "form_valid", taken_meanwhile)
    data = {"username": "mika", "email": "mika@example.com"}
    response = client.post(
        reverse("account_signup"), {**data, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400
    assert "taken a moment ago" in text_of(response)
    assert 'value="mika@example.com"' in response.content.decode()
    assert not get_user_model().objects.filter(username="mika").exists()
    assert not mail.outbox


def test_a_training_day_of_alts_signing_in_from_one_school_address_all_get_in(db):
    """Forty members sign in within the minute from one address (a training day behind one
    school's connection): allauth's default limit (30 a minute an address) turned the rest
    away with a 429."""
    members = []
    for n in range(40):
        user = make_user(f"alt{n:02d}", email=f"alt{n:02d}@example.com")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        members.append(user)
    for user in members:
        answer = Client(REMOTE_ADDR="203.0.113.7").post(
            reverse("account_login"), {"login": user.username, "password": PASSWORD}
        )
        assert answer.status_code == 302, user.username


def test_the_429_page_also_renders_as_allauth_s_own_fallback_renders_it(rf, db):
    """allauth renders 429.html itself, with no context, where a URLconf has no handler429."""
    from django.template.loader import render_to_string

    request = rf.get("/accounts/login/")
    request.user = AnonymousUser()
    html = render_to_string("429.html", {}, request=request)
    assert "Please wait a minute, then try again" in html
