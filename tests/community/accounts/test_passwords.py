"""Passwords are stored with Argon2id at OWASP's parameters (community.accounts.hashers), and a
password stored before (Django's PBKDF2) still signs in and is stored again that way. The test
settings hash with MD5 for speed; these tests use the production list."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from altcms.settings import base

PASSWORD = "a-long-pass-phrase"
OWASP = "argon2$argon2id$v=19$m=19456,t=2,p=1$"

pytestmark = pytest.mark.usefixtures("production_hashers")


@pytest.fixture
def production_hashers():
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        yield


def test_a_new_account_s_password_is_stored_with_argon2id_at_owasp_s_parameters(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "mika",
            "email": "mika@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    stored = get_user_model().objects.get(username="mika").password
    assert stored.startswith(OWASP)


def test_a_password_stored_with_pbkdf2_signs_in_and_is_stored_again_with_argon2id(client, db):
    user = get_user_model().objects.create(
        username="kenji",
        email="kenji@example.com",
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"),
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    assert user.password.startswith("pbkdf2_sha256$")
    response = client.post(reverse("account_login"), {"login": "kenji", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(OWASP)
    assert user.check_password(PASSWORD)
