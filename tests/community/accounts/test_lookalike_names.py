"""Usernames and display names in NFKC form: a full-width ｔａｎａｋａ is tanaka, so nobody can
take a look-alike of another member's name, and tanaka can sign in typing either form."""

import html
import importlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from community.models import Profile
from tests.helpers import make_user

User = get_user_model()
PASSWORD = "a-long-pass-phrase"  # tests.helpers.make_user's
TAKEN = "Another member already uses that username, or one that looks the same."


def signup(client, username, email="new@example.com", language=""):
    return client.post(
        f"{language}{reverse('account_signup')}",
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def text_of(response):
    return html.unescape(response.content.decode())


def test_a_full_width_copy_of_a_username_is_refused_at_sign_up(client, db):
    make_user("tanaka")
    for lookalike in ("ｔａｎａｋａ", "ＴＡＮＡＫＡ", "Tanaka"):
        response = signup(client, lookalike)
        assert response.status_code == 400, lookalike
        assert TAKEN in text_of(response)
    assert list(User.objects.values_list("username", flat=True)) == ["tanaka"]


def test_a_full_width_sign_up_is_stored_plain_and_blocks_the_plain_name(client, db):
    assert signup(client, "ｔａｎａｋａ").status_code == 302
    assert User.objects.get(email="new@example.com").username == "tanaka"
    response = signup(client, "Tanaka", email="other@example.com")
    assert response.status_code == 400
    assert TAKEN in text_of(response)
    assert not User.objects.filter(email="other@example.com").exists()


def test_the_look_alike_message_is_in_japanese_on_the_japanese_page(client, db):
    make_user("tanaka")
    response = signup(client, "ｔａｎａｋａ", language="/ja")
    assert response.status_code == 400
    assert "見分けのつかない" in text_of(response)


@pytest.mark.parametrize("typed", ["tanaka", "ｔａｎａｋａ", "ＴＡＮＡＫＡ"])
def test_a_member_signs_in_with_either_width_of_their_username(client, db, typed):
    user = make_user("tanaka")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("田中たろう", "田中たろう"),
        ("タナカ", "タナカ"),
        ("ﾀﾅｶ", "タナカ"),
        ("さくら_2", "さくら_2"),
    ],
)
def test_japanese_usernames_are_still_welcome(client, db, typed, stored):
    assert signup(client, typed).status_code == 302
    assert User.objects.get(email="new@example.com").username == stored


def test_half_width_kana_are_a_look_alike_of_full_width_kana(client, db):
    make_user("タナカ")
    response = signup(client, "ﾀﾅｶ")
    assert response.status_code == 400
    assert TAKEN in text_of(response)


@pytest.mark.parametrize("username", ["mika\x00", "mika😀", "😀", "ｍｉｋａ😀"])
def test_nul_and_emoji_are_still_refused(client, db, username):
    response = signup(client, username)
    assert response.status_code == 400
    assert not User.objects.filter(email="new@example.com").exists()


def test_a_name_whose_plain_form_is_not_a_username_is_refused(client, db):
    """½ counts as a digit, but its plain form 1⁄2 has a fraction slash, which no username
    may have: refused, rather than stored in a form nobody could sign in with."""
    response = signup(client, "½")
    assert response.status_code == 400
    assert not User.objects.filter(email="new@example.com").exists()


def profile_data(name):
    return {"display_name": name, "hiring_route": "", "prefecture": "", "years_as_alt": ""}


def test_a_display_name_may_not_be_a_look_alike_of_another_members_name(alt_client, alt):
    make_user("tanaka")
    Profile.objects.create(user=make_user("hiroshi"), display_name="Hiroshi S.")
    for lookalike in ("ｔａｎａｋａ", "ＨＩＲＯＳＨＩ　Ｓ．", "hiroshi s."):
        response = alt_client.post(reverse("community:edit_profile"), profile_data(lookalike))
        assert response.status_code == 400, lookalike
        assert "Another member already uses that name" in text_of(response)
    assert not Profile.objects.get(user=alt).display_name


def test_a_display_name_is_stored_plain_so_the_plain_name_is_then_taken(client, alt_client, alt):
    response = alt_client.post(reverse("community:edit_profile"), profile_data("Ｍｉｋａ　Ｋ．"))
    assert response.status_code == 302
    assert Profile.objects.get(user=alt).display_name == "Mika K."
    other = make_user("someone")
    client.force_login(other)
    response = client.post(reverse("community:edit_profile"), profile_data("mika k."))
    assert response.status_code == 400


def test_the_migration_normalises_names_saved_before_and_keeps_clashes(db):
    normalise = importlib.import_module("community.migrations.0019_normalise_usernames").normalise
    wide = make_user("placeholder1")
    clash = make_user("placeholder2")
    make_user("sato")
    # As the sign-up form stored them before: full-width, not normalised.
    User.objects.filter(pk=wide.pk).update(username="ｔａｎａｋａ")
    User.objects.filter(pk=clash.pk).update(username="ｓａｔｏ")
    Profile.objects.create(user=wide, display_name="ＴＡＮＡＫＡ　Ｈ．")

    normalise(apps, None)

    assert User.objects.get(pk=wide.pk).username == "tanaka"
    assert User.objects.get(pk=clash.pk).username == "ｓａｔｏ"  # sato is someone else's
    assert Profile.objects.get(user=wide).display_name == "TANAKA H."
