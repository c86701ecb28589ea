"""The contact form at /contact/: every message is stored, becomes feedback, and reaches the
editors; bad input comes back filled in with a clear message and a 4xx."""

import logging
import smtplib

from django.contrib.auth.models import Group
from django.core import mail
from django.test import override_settings

from wagtail.contrib.forms.models import FormSubmission

import pytest
from bs4 import BeautifulSoup

from altcms.models import OutgoingEmail
from community.models import ContactPage, Feedback
from tests.helpers import make_user


@pytest.fixture
def editor(db):
    user = make_user("edna", email="edna@example.com")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def message(about_module=None, **fields):
    data = {
        "name": "Aoife Byrne",
        "email": "aoife@example.com",
        "module": str(about_module.pk) if about_module else "",
        "about": "Task 2",
        "message": "The second reflection task mentions a textbook series that is no longer used.",
        "honeypot": "",
    }
    data.update(fields)
    return data


def form_values(response):
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form.contact-form")
    values = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    # HTML drops the newline Django puts after <textarea>; html.parser keeps it.
    values["message"] = form.select_one("textarea[name=message]").get_text().removeprefix("\n")
    selected = form.select_one("select[name=module] option[selected]")
    values["module"] = selected["value"] if selected else ""
    return values, soup


def test_the_form_asks_for_name_email_module_and_message(client, module):
    response = client.get("/contact/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form.contact-form")
    assert form["method"] == "post"
    for name in ("name", "email", "module", "message", "notify", "credit"):
        assert form.select_one(f"[name={name}]") is not None, name
    groups = [group["label"] for group in form.select("select[name=module] optgroup")]
    assert groups == ["Contextual", "Training", "Professional Development"]
    titles = [option.get_text() for option in form.select("select[name=module] optgroup option")]
    assert len(titles) == 19 and module.title in titles


def test_suggest_an_improvement_opens_the_form_with_the_module_chosen(client, module):
    page = client.get(module.url)
    soup = BeautifulSoup(page.content, "html.parser")
    link = soup.select_one("#changes a.suggest-link")
    assert link.get_text() == "Suggest an improvement"
    task_link = soup.select_one("#reflection-2 a.task__suggest")
    response = client.get(task_link["href"])
    values, _ = form_values(response)
    assert values["module"] == str(module.pk)
    assert values["about"] == "Task 2"
    values, _ = form_values(client.get(link["href"]))
    assert values["module"] == str(module.pk)


def test_a_message_is_stored_becomes_feedback_and_reaches_the_editors(client, module, editor):
    response = client.post(
        "/contact/", message(module, notify="on", credit="on", honeypot=""), follow=True
    )
    assert response.redirect_chain[0][1] == 302  # Post/Redirect/Get: a reload sends nothing
    assert response.status_code == 200
    assert "your message is with the editors" in response.content.decode()
    assert f'href="{module.url}"' in response.content.decode()  # back to the module

    submission = FormSubmission.objects.get(page=ContactPage.objects.get())
    assert submission.form_data["email"] == "aoife@example.com"
    assert submission.form_data["module"] == module.pk
    assert "honeypot" not in submission.form_data
    item = Feedback.objects.get()
    assert (item.source, item.status) == (Feedback.CONTACT_FORM, Feedback.NEW)
    assert (item.module, item.concerns, item.submission) == (module, "Task 2", submission)
    assert item.notify_sender and item.credit_sender and item.editors_notified

    [email] = mail.outbox
    assert email.to == ["edna@example.com"]
    assert email.extra_headers["Reply-To"] == "aoife@example.com"
    assert module.title in email.subject
    assert "no longer used" in email.body
    assert f"/admin/community/feedback/inspect/{item.pk}/" in email.body


def test_the_page_can_send_to_fixed_addresses_instead(client, module, editor):
    ContactPage.objects.update(to_address="inbox@example.com, chief@example.com")
    client.post("/contact/", message(module))
    assert mail.outbox[0].to == ["inbox@example.com", "chief@example.com"]


def test_signed_in_readers_find_their_name_and_email_filled_in(alt_client, alt):
    values, _ = form_values(alt_client.get("/contact/"))
    assert values["email"] == alt.email
    assert values["name"]


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"message": ""}, "Write your message before sending."),
        ({"message": "   \n  "}, "Write your message before sending."),
        ({"email": "aoife-at-example"}, "Enter a whole email address"),
        ({"module": "999999"}, "That module isn't on the site"),
        ({"module": "modules"}, "That module isn't on the site"),
        ({"message": "x" * 100_000}, "Keep the message under 5,000 characters (it has 100000)"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_gets_a_clear_message_and_the_form_back_filled(client, module, fields, error):
    data = message(module, **fields)
    response = client.post("/contact/", data)
    assert response.status_code == 400
    values, soup = form_values(response)
    assert error in soup.select_one(".field--error").get_text()
    for name in ("name", "email", "about", "message"):
        assert values[name] == data[name], name
    assert soup.select_one("[role=alert]") is not None
    assert not Feedback.objects.exists() and not FormSubmission.objects.exists()
    assert not mail.outbox


def test_the_honeypot_stores_nothing(client, module, editor):
    response = client.post("/contact/", message(module, honeypot="http://spam.example"))
    assert response.status_code == 400
    assert "not accepted" in response.content.decode()
    assert not Feedback.objects.exists() and not mail.outbox


@override_settings(CONTACT_RATE_LIMITS={"account": {"minute": 2}, "ip": {"minute": 2}})
def test_too_many_messages_are_refused_with_the_text_kept(client, module, editor):
    for n in range(2):
        assert client.post("/contact/", message(module, message=f"Note {n}")).status_code == 302
    response = client.post("/contact/", message(module, message="A third, kept for me."))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "several messages in a short time" in response.content.decode()
    assert "send it again in a minute" in response.content.decode()
    assert form_values(response)[0]["message"] == "A third, kept for me."
    assert Feedback.objects.count() == 2


def test_a_mail_server_that_refuses_loses_nothing(client, module, editor, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with caplog.at_level(logging.WARNING):
        response = client.post("/contact/", message(module), follow=True)
    assert response.status_code == 200
    assert "your message is with the editors" in response.content.decode()
    item = Feedback.objects.get()
    assert item.text.startswith("The second reflection task")
    assert FormSubmission.objects.count() == 1
    # The editors' email is kept, says why it failed, and waits to be tried again.
    [email] = OutgoingEmail.objects.all()
    assert email.to == ["edna@example.com"] and email.status == OutgoingEmail.RETRYING
    assert "Service not available" in email.last_error and email.body
    assert any("not sent" in record.getMessage() for record in caplog.records)


def test_other_methods_are_refused(client, db):
    assert client.put("/contact/").status_code == 405


def test_submissions_are_listed_in_the_admin_with_the_core_fields(client, module, admin_user):
    client.post("/contact/", message(module))
    client.force_login(admin_user)
    page = ContactPage.objects.get()
    response = client.get(f"/admin/forms/submissions/{page.pk}/")
    assert response.status_code == 200
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    for heading in ("Name", "Email", "Module", "Message"):
        assert heading in text
    assert "Aoife Byrne" in text and "aoife@example.com" in text


def test_a_name_with_line_breaks_still_reaches_the_editors(client, module, editor):
    response = client.post("/contact/", message(module, name="Aoife\nBcc: x@example.com"))
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.sender_name == "Aoife Bcc: x@example.com" and item.editors_notified
    assert "\n" not in mail.outbox[0].subject


def test_each_editor_is_told_in_their_own_admin_language(client, module, editor):
    """edna keeps the default (English); haruka chose Japanese in her account settings."""
    from wagtail.users.models import UserProfile

    haruka = make_user("haruka", email="haruka@example.com")
    haruka.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(haruka)
    profile.preferred_language = "ja"
    profile.save()

    client.post("/ja/contact/", message(module, notify="on", honeypot=""))
    item = Feedback.objects.get()
    assert item.editors_notified
    by_address = {tuple(email.to): email for email in mail.outbox}
    assert set(by_address) == {("edna@example.com",), ("haruka@example.com",)}

    english = by_address[("edna@example.com",)]
    assert english.subject == f"Feedback on {module.title} from Aoife Byrne"
    assert "wrote through the contact form" in english.body
    assert "Open it in the feedback inbox" in english.body
    assert "お問い合わせフォーム" not in english.body

    japanese = by_address[("haruka@example.com",)]
    assert japanese.subject == f"Aoife Byrneさんからの{module.title}へのフィードバック"
    assert "お問い合わせフォームで「" in japanese.body
    assert "変更につながった場合は知らせてほしいとのことです。" in japanese.body
    assert "フィードバック受信箱で開く：" in japanese.body
    assert "wrote through" not in japanese.body and "Open it in" not in japanese.body
    assert japanese.extra_headers["Reply-To"] == "aoife@example.com"
    assert item.text in japanese.body  # the message as the reader wrote it
