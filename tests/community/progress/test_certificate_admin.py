"""Certificates in the admin (Community → Certificates): editors list and search every member's
certificate, revoke one with a reason (asked first, once however often it is sent) and restore
it; each change is in the certificate's history. A revoked certificate's public address and PDF
answer 410 Gone, saying only that it was withdrawn and when; the member sees it as withdrawn and
cannot open another for the same category."""

import re
import threading
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from community.models import Certificate, Profile
from community.progress import revocation
from modules.models import ModuleCategoryPage
from tests.conftest import restore_seeded_site
from tests.helpers import make_editor, make_user

INDEX = reverse("community_certificate_modeladmin_index")
CLAIM = "/community/me/certificate/"
NAME = "佐藤 健二 🌸"


def revoke_url(certificate):
    return reverse("community_certificate_modeladmin_revoke", args=[certificate.pk])


def restore_url(certificate):
    return reverse("community_certificate_modeladmin_restore", args=[certificate.pk])


def history_url(certificate):
    return reverse("community_certificate_modeladmin_history", args=[certificate.pk])


def inspect_url(certificate):
    return reverse("community_certificate_modeladmin_inspect", args=[certificate.pk])


def issue(user, slug="contextual", name=None, days_ago=0):
    """A certificate as a member opens it (what it certifies, as course.open_certificate keeps
    it)."""
    category = ModuleCategoryPage.objects.get(slug=slug)
    return Certificate.objects.create(
        user=user,
        category=category,
        name=name or user.get_full_name() or user.username,
        category_title=category.title,
        record={
            "modules": [
                {
                    "title": "Teachers Working Together",
                    "url": "/modules/contextual/teachers-working-together/",
                    "done_on": "2026-10-01",
                    "passed_on": "2026-10-02",
                    "minutes": 30,
                }
            ],
            "tasks": [
                {
                    "module": "Teachers Working Together",
                    "number": 1,
                    "prompt": "When do you plan with your JTE?",
                    "answered_on": "2026-10-03",
                }
            ],
        },
        reading_minutes=30,
        started_on=date(2026, 10, 1),
        completed_on=date(2026, 10, 3),
        issued_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def member(db):
    user = make_user("kenji", first_name="Kenji", last_name="Sato")
    Profile.objects.create(user=user, display_name=NAME)
    return user


@pytest.fixture
def certificate(member):
    return issue(member, name=NAME)


@pytest.fixture
def editor(db):
    return make_editor("edna")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def main_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser").find("main")


def rows(response):
    return main_of(response).select("table.listing tbody tr")


def text_of(node):
    return " ".join(node.get_text(" ").split())


def revoke(client, certificate, reason="Copied reflection answers."):
    return client.post(revoke_url(certificate), {"reason": reason})


# The list ----------------------------------------------------------------------------------


def test_editors_list_every_certificate_newest_first(editor_client, certificate):
    older = issue(make_user("mika", first_name="Mika", last_name="Ito"), "training", days_ago=40)
    revoked = issue(make_user("aoife"), "professional-development", days_ago=10)
    revocation.revoke(revoked, None, "A test")
    listed = rows(editor_client.get(INDEX))
    assert len(listed) == 3
    first = text_of(listed[0])
    for shown in (NAME, "kenji", "Contextual", certificate.code, "Valid"):
        assert shown in first, shown
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}", first)  # the day it was issued
    assert "aoife" in text_of(listed[1]) and "Revoked on" in text_of(listed[1])
    assert "Mika Ito" in text_of(listed[2]) and older.code in text_of(listed[2])
    # Each row offers what can be done with it, and nothing else (no edit, no delete).
    links = [a["href"] for a in listed[0].find_all("a")]
    assert revoke_url(certificate) in links and history_url(certificate) in links
    assert restore_url(revoked) in [a["href"] for a in listed[1].find_all("a")]
    assert not any("/edit/" in link or "/delete/" in link for link in links)


@pytest.mark.parametrize(
    "query", ["佐藤", "KENJI", "kenji", "SATO-NOT-A-MATCH", "code", "code-upper"]
)
def test_search_by_printed_name_username_or_code(editor_client, certificate, query):
    other = issue(make_user("mika", first_name="Mika", last_name="Ito"), "training")
    term = {"code": certificate.code, "code-upper": certificate.code.upper()}.get(query, query)
    shown = " ".join(text_of(row) for row in rows(editor_client.get(INDEX, {"q": term})))
    if query == "SATO-NOT-A-MATCH":
        assert certificate.code not in shown and other.code not in shown
    else:
        assert certificate.code in shown and other.code not in shown


def test_filter_by_category_and_status(editor_client, certificate):
    training = issue(make_user("mika"), "training")
    revoked = issue(make_user("aoife"), "training")
    revocation.revoke(revoked, None, "A test")

    def codes(**params):
        return {
            code
            for row in rows(editor_client.get(INDEX, params))
            for code in (certificate.code, training.code, revoked.code)
            if code in text_of(row)
        }

    assert codes(category="Training") == {training.code, revoked.code}
    assert codes(status="revoked") == {revoked.code}
    assert codes(status="valid") == {certificate.code, training.code}
    assert codes(category="Training", status="valid") == {training.code}
    assert codes(category="No such category") == set()
    filters = main_of(editor_client.get(INDEX)).get_text()
    assert "Contextual" in filters and "Revoked" in filters


def test_the_inspect_page_shows_who_revoked_it_and_why(editor_client, editor, certificate):
    revoke(editor_client, certificate, "Answers copied from another member.")
    text = text_of(main_of(editor_client.get(inspect_url(certificate))))
    assert NAME in text and "kenji" in text and certificate.code in text
    assert "Revoked on" in text and "edna" in text and "Answers copied from another" in text


# Who may -------------------------------------------------------------------------------------


def test_a_member_an_anonymous_reader_and_a_moderator_get_no_access(client, member, certificate):
    moderator = make_user("mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    urls = [
        INDEX,
        INDEX + "?q=kenji",
        inspect_url(certificate),
        history_url(certificate),
        revoke_url(certificate),
        restore_url(certificate),
    ]
    for user in (None, member, moderator):
        visitor = Client()
        if user is not None:
            visitor.force_login(user)
        for url in urls:
            response = visitor.get(url)
            assert response.status_code in (302, 403), (user, url, response.status_code)
            assert certificate.code not in response.content.decode(), (user, url)
            if response.status_code == 302:
                assert "/admin/" in response["Location"]  # to sign in, or the admin's home
        response = visitor.post(revoke_url(certificate), {"reason": "Not theirs to revoke"})
        assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert not certificate.is_revoked and not ModelLogEntry.objects.exists()
    # The moderator's admin menu does not offer the screen.
    visitor = Client()
    visitor.force_login(moderator)
    assert INDEX not in visitor.get(reverse("wagtailadmin_home")).content.decode()


def test_seeing_certificates_is_not_revoking_them(client, certificate):
    viewer = make_user("vera")
    viewer.groups.add(Group.objects.get(name="Moderators"))  # admin access
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    client.force_login(viewer)
    listed = rows(client.get(INDEX))
    assert len(listed) == 1
    assert revoke_url(certificate) not in str(listed[0])
    # Wagtail sends an editor who may not do something back to the admin's home, saying so.
    for response in (client.get(revoke_url(certificate)), revoke(client, certificate)):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    certificate.refresh_from_db()
    assert not certificate.is_revoked


# Revoking and restoring ----------------------------------------------------------------------


def test_revoking_asks_first_then_revokes_with_the_reason_who_and_when(
    editor_client, editor, certificate
):
    confirm = main_of(editor_client.get(revoke_url(certificate)))
    assert "Revoke this certificate?" in confirm.find("h1").get_text()
    form = confirm.find("form", method="post")
    assert form.find("input", {"name": "csrfmiddlewaretoken"})
    assert form.find("textarea", {"name": "reason"}).has_attr("required")
    certificate.refresh_from_db()
    assert not certificate.is_revoked  # asking changes nothing

    response = revoke(editor_client, certificate, "Answers copied from another member.")
    assert response.status_code == 302 and response["Location"] == INDEX
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == editor
    assert certificate.revoked_reason == "Answers copied from another member."
    assert timezone.now() - certificate.revoked_at < timedelta(minutes=1)
    page = editor_client.get(INDEX)
    assert f"The certificate {certificate.code} for {NAME} is revoked" in page.content.decode()


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("", "Say why the certificate is revoked."),
        ("   \n ", "Say why the certificate is revoked."),
        ("x" * 5000, "at most 300 characters"),
        ("Copied\x00answers", "Null characters are not allowed."),
    ],
    ids=["empty", "blank", "5000 characters", "NUL byte"],
)
def test_a_reason_that_cannot_be_kept_is_a_400_with_the_form_error(
    editor_client, certificate, reason, error
):
    response = revoke(editor_client, certificate, reason)
    assert response.status_code == 400
    form = BeautifulSoup(response.content, "html.parser").find("main").find("form")
    assert error in form.get_text()
    assert form.find("textarea", {"name": "reason"})  # asked again, on the same page
    certificate.refresh_from_db()
    assert not certificate.is_revoked and not ModelLogEntry.objects.exists()


def test_a_reason_in_japanese_with_an_emoji_is_kept_as_written(editor_client, certificate):
    reason = "他の会員の回答を写していました 🙇"
    assert revoke(editor_client, certificate, reason).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_reason == reason
    assert reason in editor_client.get(inspect_url(certificate)).content.decode()


def test_a_reason_of_exactly_300_characters_is_kept(editor_client, certificate):
    assert revoke(editor_client, certificate, "あ" * 300).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "あ" * 300


def test_a_revoke_sent_twice_or_reloaded_revokes_once(editor_client, certificate):
    assert revoke(editor_client, certificate, "First").status_code == 302
    first = Certificate.objects.get(pk=certificate.pk)
    again = revoke(editor_client, certificate, "Second")
    assert again.status_code == 302 and again["Location"] == INDEX
    emptied = revoke(editor_client, certificate, "")  # the form re-sent without its reason
    assert emptied.status_code == 302
    reload = editor_client.get(revoke_url(certificate))  # the confirmation page, reloaded
    assert reload.status_code == 302 and reload["Location"] == INDEX
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "First" and certificate.revoked_at == first.revoked_at
    assert ModelLogEntry.objects.filter(action=revocation.REVOKE).count() == 1
    page = editor_client.get(INDEX).content.decode()
    assert f"The certificate {certificate.code} was already revoked: nothing changed." in page


def test_a_revoke_without_the_csrf_token_is_refused(editor, certificate):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(revoke_url(certificate), {"reason": "No token"})
    assert response.status_code == 400  # the site's CSRF failure page (altcms.http.views)
    certificate.refresh_from_db()
    assert not certificate.is_revoked


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999", "0"])
def test_an_id_that_is_no_certificate_is_a_404(editor_client, certificate, pk):
    for action in ("revoke", "restore", "history", "inspect"):
        url = INDEX + f"{action}/{pk}/"
        assert editor_client.get(url).status_code == 404, url
        assert editor_client.post(url, {"reason": "x"}).status_code == 404, url


def test_restoring_makes_it_verify_again_once(editor_client, certificate):
    client = Client()  # a reader
    revoke(editor_client, certificate)
    confirm = main_of(editor_client.get(restore_url(certificate)))
    assert "Restore this certificate?" in confirm.find("h1").get_text()
    assert "Copied reflection answers." in confirm.get_text()  # why it was revoked
    response = editor_client.post(restore_url(certificate))
    assert response.status_code == 302 and response["Location"] == INDEX
    certificate.refresh_from_db()
    assert not certificate.is_revoked and certificate.revoked_reason == ""
    assert certificate.revoked_by is None
    assert client.get(certificate.get_absolute_url()).status_code == 200
    assert client.get(certificate.get_absolute_url() + "pdf/").status_code == 200
    assert editor_client.post(restore_url(certificate)).status_code == 302  # sent twice
    assert editor_client.get(restore_url(certificate)).status_code == 302  # reloaded
    assert ModelLogEntry.objects.filter(action=revocation.RESTORE).count() == 1
    # It can be revoked again.
    assert revoke(editor_client, certificate, "Again").status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).revoked_reason == "Again"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL")
def test_two_revokes_at_the_same_instant_revoke_once(
    transactional_db, django_db_serialized_rollback
):
    restore_seeded_site()
    editor = make_editor("edna")
    certificate = issue(make_user("kenji"))
    start = threading.Barrier(2)
    answers = []

    def send(reason):
        browser = Client()
        browser.force_login(editor)
        start.wait()
        try:
            answers.append(browser.post(revoke_url(certificate), {"reason": reason}))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(reason,)) for reason in ("One", "Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status_code for answer in answers] == [302, 302]
    assert ModelLogEntry.objects.filter(action=revocation.REVOKE).count() == 1
    certificate.refresh_from_db()
    reason = ModelLogEntry.objects.get(action=revocation.REVOKE).data["reason"]
    assert certificate.is_revoked and certificate.revoked_reason == reason


# The history ---------------------------------------------------------------------------------


def test_revoking_and_restoring_are_in_the_history_with_who_did_it(
    editor_client, editor, certificate
):
    revoke(editor_client, certificate, "Answers copied from another member.")
    editor_client.post(restore_url(certificate))
    entries = list(ModelLogEntry.objects.order_by("timestamp", "pk"))
    assert [entry.action for entry in entries] == [revocation.REVOKE, revocation.RESTORE]
    assert all(entry.user == editor for entry in entries)
    assert all(entry.object_id == str(certificate.pk) for entry in entries)
    assert entries[0].data == {"reason": "Answers copied from another member."}

    page = main_of(editor_client.get(history_url(certificate)))
    header = page.find("header")  # where it is, not modeladmin's bare "Home"
    assert header.find("a", href=INDEX) is not None  # back to the list
    assert f"Certificates History : {certificate}" in text_of(header)
    history = text_of(page)
    assert "Revoked. Reason: Answers copied from another member." in history
    assert "Restored: it verifies again" in history
    assert history.count("edna") >= 2
    # And in the site's history (Reports → Site history), for editors.
    site = text_of(main_of(editor_client.get(reverse("wagtailadmin_reports:site_history"))))
    assert "Revoked. Reason: Answers copied" in site and certificate.code in site


# What readers and the member see ---------------------------------------------------------------


def test_a_revoked_certificate_answers_410_and_tells_nothing_of_the_member(
    editor_client, member, certificate
):
    client = Client()  # a reader
    revoke(editor_client, certificate, "Answers copied from another member.")
    revoked_on = timezone.localtime(Certificate.objects.get().revoked_at).date()
    for suffix in ("", "pdf/"):
        for url in (certificate.get_absolute_url(), "/ja" + certificate.get_absolute_url()):
            response = client.get(url + suffix)
            assert response.status_code == 410, url + suffix
            assert response["Content-Type"].startswith("text/html")
            assert "private" in response["Cache-Control"]  # no shared cache keeps it
            html = response.content.decode()
            for private in (NAME, "佐藤", "Kenji", "kenji", "Contextual", "Answers copied"):
                assert private not in html, (url, private)
            assert certificate.code in html
            assert f'datetime="{revoked_on:%Y-%m-%d}"' in html
            assert 'name="robots" content="noindex"' in html
    english = BeautifulSoup(client.get(certificate.get_absolute_url()).content, "html.parser")
    assert english.find("h1").get_text() == "This certificate was withdrawn"
    message = text_of(english.select_one(".certificate-withdrawn__message"))
    assert message == (
        f"The certificate with the code {certificate.code} was withdrawn by ALT Training "
        f"Online on {revoked_on.day} {revoked_on:%B %Y} and is no longer valid."
    )
    japanese = BeautifulSoup(
        client.get("/ja" + certificate.get_absolute_url()).content, "html.parser"
    )
    assert japanese.find("h1").get_text() == "この修了証は取り消されました"
    assert f"{revoked_on.year}年{revoked_on.month}月{revoked_on.day}日" in japanese.get_text()
    # A code no certificate has is still a 404, not a 410.
    assert client.get("/certificates/23456789abcdef/").status_code == 404


def test_the_member_sees_it_withdrawn_and_cannot_open_another(editor_client, member, certificate):
    revoke(editor_client, certificate)
    own = Client()
    own.force_login(member)
    page = BeautifulSoup(own.get(reverse("community:me")).content, "html.parser")
    card = page.select_one("#certificates .category-contextual")
    assert "Withdrawn" in card.get_text()
    assert certificate.get_absolute_url() not in str(card)  # no "Open your certificate" link
    assert card.find("form") is None
    # Opening the category's certificate again gives back nothing new.
    response = own.post(CLAIM, {"category": certificate.category_id}, follow=True)
    assert response.redirect_chain[0][0] == reverse("community:me") + "#certificates"
    assert "was withdrawn on" in response.content.decode()
    assert Certificate.objects.filter(user=member).count() == 1
    assert Certificate.objects.get(user=member).is_revoked
    # Their own look at the address says so too, with the way back to their progress.
    response = own.get(certificate.get_absolute_url())
    assert response.status_code == 410
    assert reverse("community:me") + "#certificates" in response.content.decode()
