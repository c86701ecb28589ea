"""The editorial loop: the feedback inbox, and module revisions that apply feedback and say so."""

from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from community.models import Feedback, ForumBoardPage, Topic
from modules.models import ModuleChange, ModulePage
from tests.admin_forms import edit_form_data
from tests.helpers import add_comment, make_user

INBOX = reverse("community_feedback_modeladmin_index")
BULK = reverse("community_feedback_bulk_status")


@pytest.fixture
def editor(db):
    user = make_user("edna", email="edna@example.com")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def feedback(module=None, **fields):
    values = {
        "sender_name": "Aoife Byrne",
        "sender_email": "aoife@example.com",
        "text": "The example dialogue in the second section uses a greeting nobody says.",
    }
    values.update(fields)
    return Feedback.objects.create(module=module, **values)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def publish(client, page, **changes):
    data = edit_form_data(page, **changes)
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ModulePage.objects.get(pk=page.pk)


def ticked_choices(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        int(box["value"]): bool(box.has_attr("checked"))
        for box in soup.select("input[name=addressed_feedback]")
    }


# The module editor --------------------------------------------------------------------------


def test_the_editor_lists_open_feedback_for_this_module_and_for_none(
    editor_client, module, other_module
):
    mine = feedback(module)
    general = feedback(None, text="General remark")
    elsewhere = feedback(other_module)
    declined = feedback(module, status=Feedback.DECLINED)
    applied = feedback(module, status=Feedback.APPLIED)
    accepted = feedback(module, status=Feedback.ACCEPTED)
    choices = ticked_choices(editor_client.get(edit_url(module)))
    assert set(choices) == {mine.pk, general.pk, accepted.pk}
    assert not any(choices.values())
    assert elsewhere.pk not in choices and declined.pk not in choices
    assert applied.pk not in choices


def test_publishing_applies_the_feedback_and_writes_the_changelog(editor_client, client, module):
    module.last_reviewed = date(2024, 4, 1)
    module.save_revision().publish()
    asked = feedback(module, notify_sender=True, credit_sender=True)
    quiet = feedback(
        module, sender_name="Ben Quiet", sender_email="ben@example.com", concerns="Task 1"
    )
    untouched = feedback(module, sender_name="Not Ticked")

    module = publish(
        editor_client,
        module,
        addressed_feedback=[asked.pk, quiet.pk],
        change_note="The sample dialogue now uses greetings heard in real classrooms.",
    )

    revision = module.live_revision
    for item in (asked, quiet):
        item.refresh_from_db()
        assert item.status == Feedback.APPLIED
        assert item.applied_revision == revision
        assert item.applied_at is not None
    untouched.refresh_from_db()
    assert untouched.status == Feedback.NEW

    change = ModuleChange.objects.get(page=module)
    assert change.revision == revision
    assert change.feedback_count == 2
    assert change.credits == "Aoife Byrne"  # Ben did not agree to be named
    assert module.last_reviewed == timezone.localdate()

    # Only the sender who asked is told, once.
    [notice] = mail.outbox
    assert notice.to == ["aoife@example.com"]
    assert module.title in notice.subject
    assert "greetings heard in real classrooms" in notice.body
    assert f"{module.url}#changes" in notice.body
    asked.refresh_from_db()
    assert asked.sender_notified_at is not None

    page = BeautifulSoup(client.get(module.url).content, "html.parser")
    entry = page.select_one("#changes .changelog__entry")
    assert "greetings heard in real classrooms" in entry.get_text()
    assert "Suggested by ALT feedback: thank you, Aoife Byrne." in entry.get_text()
    assert "Ben Quiet" not in page.get_text()
    assert timezone.localdate().strftime("%Y-%m-%d") in entry.select_one("time")["datetime"]


def test_a_note_without_feedback_is_a_plain_change(editor_client, client, module):
    module = publish(editor_client, module, change_note="Updated the readings for 2026.")
    change = ModuleChange.objects.get(page=module)
    assert change.feedback_count == 0 and not change.from_feedback
    text = BeautifulSoup(client.get(module.url).content, "html.parser").select_one("#changes")
    assert "Updated the readings for 2026." in text.get_text()
    assert "Suggested by ALT feedback" not in text.get_text()
    assert not mail.outbox


def test_a_small_fix_with_no_note_and_no_feedback_leaves_no_entry(editor_client, module):
    before = module.last_reviewed
    module = publish(editor_client, module, summary=module.summary + " ")
    assert not ModuleChange.objects.filter(page=module).exists()
    assert module.last_reviewed == before


# "Last reviewed" after every way of publishing ---------------------------------------------

OLD_REVIEW = date(2024, 4, 1)


@pytest.fixture
def reviewed_long_ago(module):
    module.last_reviewed = OLD_REVIEW
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


def shown_review_date(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    reviewed = soup.select_one(".module-meta time")["datetime"]
    entry = soup.select_one("#changes .changelog__entry time")
    return reviewed, entry["datetime"] if entry else None


def test_a_saved_draft_then_publish_marks_the_module_reviewed_today(
    editor_client, client, reviewed_long_ago
):
    module = reviewed_long_ago
    item = feedback(module)
    changes = {"addressed_feedback": [item.pk], "change_note": "Task 2 now asks about lunch."}
    # The editor's draft is saved (as Wagtail's autosave does while they type) ...
    data = edit_form_data(module, **changes)
    assert editor_client.post(edit_url(module), data).status_code == 302
    # ... and the form they then publish still shows the old date.
    module = publish(editor_client, module, **changes)
    today = timezone.localdate()
    assert module.last_reviewed == today
    assert shown_review_date(client, module) == (today.isoformat(), today.isoformat())
    # The editor opens the date readers see, and the next small fix keeps it.
    edit = BeautifulSoup(editor_client.get(edit_url(module)).content, "html.parser")
    assert edit.find("input", attrs={"name": "last_reviewed"})["value"] == today.isoformat()
    module = publish(
        editor_client, module, summary=module.summary + " ", change_note="", addressed_feedback=[]
    )
    assert module.last_reviewed == today


def test_the_preview_shows_the_date_publishing_gives(editor_client, client, reviewed_long_ago):
    module = reviewed_long_ago
    data = edit_form_data(module, change_note="Readings updated for 2026.")
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[module.pk])
    assert editor_client.post(preview, data).json()["is_valid"]
    soup = BeautifulSoup(editor_client.get(preview).content, "html.parser")
    today = timezone.localdate()
    assert soup.select_one(".module-meta time")["datetime"] == today.isoformat()
    module = publish(editor_client, module, change_note="Readings updated for 2026.")
    assert shown_review_date(client, module) == (today.isoformat(), today.isoformat())


def test_a_scheduled_revision_is_reviewed_on_the_day_it_goes_live(client, reviewed_long_ago):
    from django.core.management import call_command

    module = reviewed_long_ago
    module.change_note = "The phonics examples follow the new textbooks."
    module.go_live_at = timezone.now() + timedelta(minutes=5)
    revision = module.save_revision()
    revision.publish()  # scheduled: nothing changes yet
    module.refresh_from_db()
    assert module.last_reviewed == OLD_REVIEW
    # The time comes (moved here by back-dating the schedule).
    revision.refresh_from_db()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    module.refresh_from_db()
    today = timezone.localdate()
    assert module.live_revision_id == revision.pk
    assert shown_review_date(client, module) == (today.isoformat(), today.isoformat())


def test_a_revision_approved_in_a_workflow_is_reviewed_on_the_day_it_is_approved(
    client, reviewed_long_ago, editor
):
    from wagtail.models import Workflow

    module = reviewed_long_ago
    item = feedback(module)
    module.addressed_feedback = [item.pk]
    module.save_revision(user=editor)
    workflow = Workflow.objects.filter(active=True).first()
    state = workflow.start(module, editor)
    while state.status == state.STATUS_IN_PROGRESS:  # approve every task of the workflow
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, editor, "approve")
        state.refresh_from_db()
    module.refresh_from_db()
    today = timezone.localdate()
    assert module.live and module.last_reviewed == today
    assert shown_review_date(client, module) == (today.isoformat(), today.isoformat())


def test_a_date_set_by_hand_with_the_note_is_kept(editor_client, reviewed_long_ago):
    module = publish(
        editor_client,
        reviewed_long_ago,
        change_note="Checked against the 2025 survey.",
        last_reviewed=date(2025, 12, 1),
    )
    assert module.last_reviewed == date(2025, 12, 1)


def test_the_next_revision_starts_with_no_note_and_nothing_ticked(editor_client, module):
    item = feedback(module)
    other = feedback(module, sender_name="Later")
    module = publish(
        editor_client, module, addressed_feedback=[item.pk], change_note="First change."
    )
    response = editor_client.get(edit_url(module))
    choices = ticked_choices(response)
    assert choices == {other.pk: False}
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("textarea[name=change_note]").get_text().strip() == ""
    # Publishing again as the form now stands (no note, nothing ticked) adds no entry.
    publish(editor_client, module, addressed_feedback=[], change_note="")
    assert ModuleChange.objects.filter(page=module).count() == 1


def test_a_draft_keeps_its_ticks_until_it_is_published(editor_client, module):
    item = feedback(module)
    data = edit_form_data(module, addressed_feedback=[item.pk], change_note="Pending note.")
    assert editor_client.post(edit_url(module), data).status_code == 302  # saved as a draft
    item.refresh_from_db()
    assert item.status == Feedback.NEW and not ModuleChange.objects.exists()
    response = editor_client.get(edit_url(module))
    assert ticked_choices(response)[item.pk] is True
    assert "Pending note." in response.content.decode()
    publish(editor_client, ModulePage.objects.get(pk=module.pk).get_latest_revision_as_object())
    item.refresh_from_db()
    assert item.status == Feedback.APPLIED
    assert ModuleChange.objects.get().note == "Pending note."


def test_the_changelog_costs_one_query_however_long(client, module):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(module.url).status_code == 200
        return len(captured)

    ModuleChange.objects.create(page=module, note="One change.")
    queries()  # warm the shared cache (header and footer)
    one = queries()
    for number in range(15):
        ModuleChange.objects.create(page=module, note=f"Change {number}.", feedback_count=1)
    assert queries() == one
    assert client.get(module.url).content.decode().count("changelog__entry") == 16


# The inbox ----------------------------------------------------------------------------------


def test_the_inbox_filters_by_status_module_and_source_and_searches(
    editor_client, module, other_module
):
    first = feedback(module, text="The phonics chart has a typo in the vowel row.")
    second = feedback(other_module, status=Feedback.ACCEPTED, text="Add a listening game.")
    third = feedback(None, source=Feedback.EMAIL, text="Love the site.")

    def listed(query=""):
        response = editor_client.get(INBOX + query)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        return {int(box["value"]) for box in soup.select("input.feedback-select")}

    assert listed() == {first.pk, second.pk, third.pk}
    assert listed("?status__exact=accepted") == {second.pk}
    assert listed(f"?module={module.pk}") == {first.pk}
    assert listed("?module=none") == {third.pk}
    assert listed("?source__exact=email") == {third.pk}
    assert listed("?q=vowel") == {first.pk}


def test_each_item_opens_its_module_in_the_editor(editor_client, module):
    item = feedback(module, concerns="Task 2")
    inspect = reverse("community_feedback_modeladmin_inspect", args=[item.pk])
    response = editor_client.get(inspect)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("a", string="Open module in editor")
    assert link["href"] == edit_url(module)
    assert "Task 2" in soup.get_text()
    listing = editor_client.get(INBOX).content.decode()
    assert f'href="{edit_url(module)}"' in listing


def test_bulk_status_change(editor_client, module):
    items = [feedback(module) for _ in range(3)]
    applied = feedback(module, status=Feedback.APPLIED)
    response = editor_client.post(
        BULK,
        {"status": "accepted", "ids": [items[0].pk, items[1].pk, applied.pk], "next": INBOX},
        follow=True,
    )
    assert response.status_code == 200
    statuses = dict(Feedback.objects.values_list("pk", "status"))
    assert statuses[items[0].pk] == statuses[items[1].pk] == Feedback.ACCEPTED
    assert statuses[items[2].pk] == Feedback.NEW
    assert statuses[applied.pk] == Feedback.APPLIED
    text = response.content.decode()
    assert "2 feedback items now accepted." in text
    assert "1 already applied" in text


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status": "applied"}, "Choose a status to set."),
        ({"status": "bogus"}, "Choose a status to set."),
        ({"status": "declined", "ids": []}, "Tick the feedback items to change first."),
        ({"status": "declined", "ids": ["x", "-1"]}, "Tick the feedback items to change first."),
    ],
)
def test_bulk_change_with_bad_input_changes_nothing(editor_client, module, data, message):
    item = feedback(module)
    data = {"ids": [item.pk], **data, "next": "https://evil.example/"}
    response = editor_client.post(BULK, data)
    assert response.status_code == 302
    assert response["Location"] == INBOX  # never off-site
    assert message in editor_client.get(INBOX).content.decode()
    item.refresh_from_db()
    assert item.status == Feedback.NEW


def test_readers_cannot_see_or_change_feedback(alt_client, module):
    item = feedback(module)
    assert alt_client.get(INBOX).status_code in (302, 403)
    response = alt_client.post(BULK, {"status": "declined", "ids": [item.pk]})
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    assert item.status == Feedback.NEW


def test_editing_an_item_cannot_mark_it_applied_by_hand(editor_client, module):
    item = feedback(module)
    url = reverse("community_feedback_modeladmin_edit", args=[item.pk])
    soup = BeautifulSoup(editor_client.get(url).content, "html.parser")
    options = [option["value"] for option in soup.select("select[name=status] option")]
    assert "applied" not in options and "accepted" in options
    data = {"status": "applied", "module": module.pk, "concerns": "", "editor_notes": ""}
    assert editor_client.post(url, data).status_code == 200  # the form again, with an error
    data["status"] = "declined"
    data["editor_notes"] = "Already covered in Module 5."
    assert editor_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.editor_notes) == (Feedback.DECLINED, "Already covered in Module 5.")


def test_odd_ids_in_inbox_urls_are_not_found(editor_client):
    for action in ("inspect", "edit"):
        response = editor_client.get(f"/admin/community/feedback/{action}/abc/")
        assert response.status_code == 404


def test_the_admin_home_shows_new_feedback_and_modules_due_for_review(editor_client, module):
    feedback(module)
    feedback(module)
    feedback(module, status=Feedback.DECLINED)
    ModulePage.objects.filter(pk=module.pk).update(
        last_reviewed=timezone.localdate() - timedelta(days=400)
    )
    soup = BeautifulSoup(editor_client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = soup.select_one(".feedback-panel")
    assert "2 new feedback items" in " ".join(panel.get_text().split())
    stale = [link.get_text() for link in panel.select("li a")]
    assert stale == [module.title]


# From comments and the forum ------------------------------------------------------------------


def test_a_moderator_turns_a_comment_into_feedback(client, module, alt):
    moderator = make_user("mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    task = module.reflection_tasks.first()
    comment = add_comment(
        module, "Task 1 assumes every school has a projector.", user=alt, task=task
    )
    url = reverse("community_comment_modeladmin_moderate", args=[comment.pk]) + "?action=feedback"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "feedback"})
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.source, item.module, item.comment) == (Feedback.COMMENT, module, comment)
    assert item.sender_email == alt.email
    assert item.text == comment.comment
    assert item.concerns.startswith("Reflection task:")
    client.post(url, {"action": "feedback"})  # twice: still one item
    assert Feedback.objects.count() == 1


def test_a_moderator_turns_a_forum_topic_into_feedback(client, alt):
    moderator = make_user("mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    board = ForumBoardPage.objects.get(slug="team-teaching")
    topic = Topic.objects.create(
        board=board, author=alt, title="Module idea: sports day", body="A module on events?"
    )
    url = reverse("community_topic_modeladmin_feedback", args=[topic.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    item = Feedback.objects.get()
    assert (item.source, item.topic) == (Feedback.FORUM, topic)
    assert "A module on events?" in item.text and item.subject == topic.title


def test_readers_cannot_send_comments_to_the_inbox(alt_client, module, alt):
    comment = add_comment(module, "Hello", user=alt)
    url = reverse("community_comment_modeladmin_moderate", args=[comment.pk])
    alt_client.post(url + "?action=feedback", {"action": "feedback"})
    assert not Feedback.objects.exists()


def test_unpublishing_and_republishing_adds_no_second_entry(editor_client, module):
    item = feedback(module)
    module = publish(
        editor_client, module, addressed_feedback=[item.pk], change_note="Rewrote section 2."
    )
    module.unpublish()
    module = ModulePage.objects.get(pk=module.pk)
    response = editor_client.get(edit_url(module))
    assert ticked_choices(response) == {}
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("textarea[name=change_note]").get_text().strip() == ""
    # Publishing the same revision again from code adds nothing either.
    module.get_latest_revision().publish()
    assert ModuleChange.objects.filter(page=module).count() == 1


def test_moderators_send_to_the_inbox_but_cannot_read_it(client, module, alt):
    moderator = make_user("mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    item = feedback(module)
    assert client.get(INBOX).status_code in (302, 403)
    inspect = reverse("community_feedback_modeladmin_inspect", args=[item.pk])
    assert client.get(inspect).status_code in (302, 403)
    assert "feedback-panel" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_sending_a_comment_to_the_inbox_needs_that_right(client, module, alt):
    from django.contrib.auth.models import Permission

    helper = make_user("helper")
    helper.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_comment", content_type__app_label="community"),
    )
    client.force_login(helper)
    comment = add_comment(module, "Hello", user=alt)
    url = reverse("community_comment_modeladmin_moderate", args=[comment.pk])
    response = client.post(url, {"action": "feedback"})  # the action only in the body
    assert response.status_code in (302, 403)
    assert not Feedback.objects.exists()
    # The same person may moderate: it is only the feedback action they lack.
    client.post(url, {"action": "remove"})
    comment.refresh_from_db()
    assert comment.is_removed


def test_an_applied_item_keeps_its_status(editor_client, module):
    item = feedback(module, status=Feedback.APPLIED)
    url = reverse("community_feedback_modeladmin_edit", args=[item.pk])
    soup = BeautifulSoup(editor_client.get(url).content, "html.parser")
    assert soup.select_one("select[name=status]").has_attr("disabled")
    editor_client.post(
        url, {"status": "new", "module": module.pk, "concerns": "", "editor_notes": ""}
    )
    item.refresh_from_db()
    assert item.status == Feedback.APPLIED
