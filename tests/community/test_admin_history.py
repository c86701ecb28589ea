"""The history of an item on an admin screen is for whoever may see the screen's list: a
moderator may read a comment's history, not a feedback item's (it names the sender) nor an
email's. modeladmin's own history view asked for no permission at all."""

from django.contrib.auth.models import Group
from django.core.mail import EmailMessage

import pytest

from altcms.models import OutgoingEmail
from altcms.ops.mail import queue_message
from community.feedback.models import Feedback
from tests.helpers import add_comment, make_user


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
