"""The history of an item on an admin screen is for whoever may see the screen's list: a
moderator may read a comment's history, not a feedback item's (it names the sender) nor an
email's. modeladmin's own history view asked for no permission at all. Its header names the
list (a link back to it) and the item, in the editor's own language, on every screen
(altcms.http.ids): modeladmin's own said only "Home"."""

from datetime import date

from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.urls import URLResolver, get_resolver
from django.utils import translation
from django.utils.translation import gettext

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from altcms.http.ids import NumericIdsOnly
from altcms.models import OutgoingEmail
from altcms.ops.mail import queue_message
from community.discussion.models import BlockedAuthor
from community.feedback.models import Feedback
from community.forum.models import Topic
from community.forum.pages import ForumBoardPage
from community.progress.models import Certificate
from modules.models import ModuleCategoryPage
from tests.helpers import add_comment, make_user


def _patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        else:
            yield pattern


def registered_screens():
    """{history URL name: model admin} for every registered admin screen that uses
    NumericIdsOnly, read from the admin's URLs (so a new screen is in without a word here)."""
    screens = {}
    for pattern in _patterns(get_resolver().url_patterns):
        if not (pattern.name or "").endswith("_modeladmin_history"):
            continue
        view = pattern.callback
        while not hasattr(view, "__self__") and hasattr(view, "__wrapped__"):
            view = view.__wrapped__  # the admin's require_admin_access
        if isinstance(getattr(view, "__self__", None), NumericIdsOnly):
            screens[pattern.name] = view.__self__
    return screens


SCREENS = registered_screens()


def an_item(model, module, alt):
    """One item of `model` as the site makes it, with Japanese and an emoji where it shows."""
    label = model._meta.label_lower
    if label == "community.feedback":
        return Feedback.objects.create(
            module=module, sender_name="田中 花子 🌸", sender_email="h@example.com", text="誤字"
        )
    if label == "altcms.outgoingemail":
        queue_message(EmailMessage("コメントありがとう", "Thanks", to=["hanako@example.com"]))
        return OutgoingEmail.objects.get()
    if label == "community.comment":
        return add_comment(module, "廊下で打ち合わせ 🙇", user=alt)
    if label == "community.topic":
        board = ForumBoardPage.objects.live().first()
        return Topic.objects.create(board=board, title="座席表 🪑", body="How?", author=alt)
    if label == "community.blockedauthor":
        return BlockedAuthor.objects.create(email="spam@example.com", reason="Spam")
    if label == "community.certificate":
        category = ModuleCategoryPage.objects.get(slug="contextual")
        return Certificate.objects.create(
            user=alt,
            category=category,
            name="佐藤 健二 🌸",
            category_title=category.title,
            started_on=date(2026, 9, 1),
            completed_on=date(2026, 10, 1),
        )
    raise AssertionError(f"No item to make for the new admin screen {label}: add one here.")


def header_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser").find("main").find("header")


def text_of(node):
    return " ".join(node.get_text(" ").split())


def test_every_admin_screen_with_numeric_ids_is_found():
    """The list below is read from the registrations, and finds the six screens there are."""
    assert {admin.model._meta.label_lower for admin in SCREENS.values()} >= {
        "community.feedback",
        "altcms.outgoingemail",
        "community.comment",
        "community.topic",
        "community.blockedauthor",
        "community.certificate",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_every_history_header_names_the_list_and_the_item(client, module, alt, name, language):
    model_admin = SCREENS[name]
    item = an_item(model_admin.model, module, alt)
    admin = make_user("root", is_superuser=True, is_staff=True)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    client.force_login(admin)
    header = header_of(client.get(model_admin.url_helper.get_action_url("history", item.pk)))
    with translation.override(language):
        listed, history, named = str(model_admin.get_menu_label()), gettext("History"), str(item)
    back = header.find("a", href=model_admin.url_helper.index_url)
    assert back is not None and text_of(back) == listed  # the list, and the way back to it
    assert f"{listed} {history} : {named}" in text_of(header)
    if language == "ja":
        assert listed != str(model_admin.menu_label) and history == "履歴"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_a_moderator_reads_a_history_only_where_they_may_read_the_list(
    moderator_client, moderator, module, alt, name
):
    model_admin = SCREENS[name]
    item = an_item(model_admin.model, module, alt)
    response = moderator_client.get(model_admin.url_helper.get_action_url("history", item.pk))
    if model_admin.permission_helper.user_can_list(moderator):
        assert response.status_code == 200
    else:  # refused as Wagtail refuses: back to the dashboard, with a message
        assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def items(module, alt):
    feedback = Feedback.objects.create(
        sender_name="Hanako Tanaka", sender_email="hanako@example.com", text="A typo on task 2."
    )
    queue_message(EmailMessage("Your comment", "Thanks", to=["hanako@example.com"]))
    comment = add_comment(module, "We plan in the corridor.", user=alt)
    return {
        "community/feedback": feedback.pk,
        "altcms/outgoingemail": OutgoingEmail.objects.get().pk,
        "community/comment": comment.pk,
    }


def history(client, items, label):
    return client.get(f"/admin/{label}/history/{items[label]}/")


@pytest.mark.django_db
def test_a_moderator_reads_the_history_of_what_they_moderate_only(moderator_client, items):
    assert history(moderator_client, items, "community/comment").status_code == 200
    for label in ("community/feedback", "altcms/outgoingemail"):
        response = history(moderator_client, items, label)
        # Refused as Wagtail refuses: back to the dashboard, with a message.
        assert response.status_code == 302 and response["Location"] == "/admin/", label
        assert (
            "Hanako" not in response.content.decode() and "hanako" not in response.content.decode()
        )


@pytest.mark.django_db
def test_an_editor_reads_the_history_of_the_feedback_and_the_email(client, items):
    editor = make_user("edna")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    for label in ("community/feedback", "altcms/outgoingemail"):
        assert history(client, items, label).status_code == 200, label


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["community/feedback", "altcms/outgoingemail"])
def test_a_history_address_with_a_word_for_an_id_is_not_found(moderator_client, label):
    assert moderator_client.get(f"/admin/{label}/history/x/").status_code == 404
