"""python manage.py import_feedback: readers' emails become feedback items."""

from io import StringIO

from django.core.management import call_command

import pytest

from community.models import Feedback


def eml(
    body="I think the phonics section needs an example with katakana English.",
    subject="A suggestion",
    sender="Mia Jones <mia@example.com>",
    message_id="<one@example.com>",
    charset="utf-8",
    encoding=None,
    extra="",
):
    headers = [f"From: {sender}"] if sender else []
    headers += [
        "To: editors@alt-training.example",
        f"Subject: {subject}",
        "Date: Mon, 02 Nov 2026 09:30:00 +0900",
        "MIME-Version: 1.0",
        f"Content-Type: text/plain; charset={charset}" if charset else "Content-Type: text/plain",
        "Content-Transfer-Encoding: 8bit",
    ]
    if message_id:
        headers.append(f"Message-ID: {message_id}")
    raw = "\n".join(headers) + extra + "\n\n"
    data = body if isinstance(body, bytes) else body.encode(encoding or "utf-8")
    return raw.encode("ascii") + data + b"\n"


def run(*paths):
    out, err = StringIO(), StringIO()
    call_command("import_feedback", *[str(path) for path in paths], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_email_becomes_feedback_with_its_module_guessed(tmp_path, db):
    path = tmp_path / "one.eml"
    path.write_bytes(
        eml(
            subject="Teachers Working Together: a small fix",
            body="In Teachers Working Together the JTE timetable example is out of date.",
        )
    )
    out, err = run(path)
    item = Feedback.objects.get()
    assert (item.source, item.status) == (Feedback.EMAIL, Feedback.NEW)
    assert (item.sender_name, item.sender_email) == ("Mia Jones", "mia@example.com")
    assert item.subject == "Teachers Working Together: a small fix"
    assert "timetable example is out of date" in item.text
    assert item.module.slug == "teachers-working-together"
    assert item.message_id == "<one@example.com>"
    assert item.created_at.year == 2026 and item.created_at.month == 11
    assert "1 imported, 0 already there, 0 skipped." in out and not err


def test_the_longest_module_title_named_wins(db, module, other_module):
    from community.feedback.mailin import guess_module

    titles = [(module.pk, "Speaking"), (other_module.pk, "Speaking Tests")]
    assert guess_module("", "Notes on SPEAKING   tests in grade 9", titles) == other_module
    assert guess_module("", "Notes on Speaking", titles) == module
    assert guess_module("", "Nothing relevant", titles) is None


def test_a_message_naming_no_module_has_none(tmp_path, db):
    path = tmp_path / "x.eml"
    path.write_bytes(eml(body="Thanks for the site, it helped me in my first week."))
    run(path)
    assert Feedback.objects.get().module is None


def test_messages_already_imported_are_skipped(tmp_path, db):
    path = tmp_path / "one.eml"
    path.write_bytes(eml())
    run(path)
    out, _ = run(path, path)
    assert Feedback.objects.count() == 1
    assert "0 imported, 2 already there" in out
    # Without a Message-ID, the same bytes are the same message.
    bare = tmp_path / "bare.eml"
    bare.write_bytes(eml(message_id=None))
    run(bare)
    run(bare)
    assert Feedback.objects.count() == 2


def test_an_mbox_is_read_message_by_message_and_bad_ones_are_skipped(tmp_path, db):
    good_one = eml(message_id="<a@example.com>", body="First good message.")
    no_sender = eml(sender=None, message_id="<b@example.com>", body="Who sent this?")
    latin1 = eml(
        message_id="<c@example.com>", body="Caf\xe9 culture in the staff room".encode("latin-1")
    )
    good_two = eml(message_id="<d@example.com>", body="Second good message.")
    mbox = tmp_path / "inbox.mbox"
    with mbox.open("wb") as handle:
        for raw in (good_one, no_sender, latin1, good_two):
            handle.write(b"From mia@example.com Mon Nov  2 09:30:00 2026\n" + raw + b"\n")
    out, err = run(mbox)
    texts = sorted(Feedback.objects.values_list("text", flat=True))
    assert texts == ["First good message.", "Second good message."]
    assert "2 imported, 0 already there, 2 skipped." in out
    assert "(message 2): no sender address" in err
    assert "(message 3): the text is not valid utf-8" in err


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty file"),
        (b"\x00\x01\x02\xff\xfe binary junk with no headers at all", "malformed message"),
        (eml(sender="not an address"), "is not valid"),
        (eml(sender="Mia <mia@@example>"), "is not valid"),
        (eml(body="\u00e9t\u00e9".encode("latin-1"), charset=None), "not valid utf-8"),
        (eml(charset="x-klingon"), "unknown character set"),
        (eml(body="", subject=""), "no text in the message"),
    ],
)
def test_malformed_messages_are_explained_and_the_rest_imported(tmp_path, db, raw, reason):
    bad = tmp_path / "a-bad.eml"
    bad.write_bytes(raw)
    good = tmp_path / "b-good.eml"
    good.write_bytes(eml(message_id="<good@example.com>"))
    out, err = run(tmp_path)  # a directory of .eml files
    assert Feedback.objects.count() == 1
    assert f"skipped: {bad}: " in err and reason in err
    assert "1 imported" in out


def test_messages_in_other_declared_charsets_are_read(tmp_path, db):
    path = tmp_path / "sjis.eml"
    path.write_bytes(
        eml(body="小学校の外国語活動について", charset="shift_jis", encoding="shift_jis")
    )
    run(path)
    assert Feedback.objects.get().text == "小学校の外国語活動について"


def test_html_only_messages_are_turned_into_text(tmp_path, db):
    raw = eml(body="<p>Hello<br>editors</p><script>x</script>").replace(b"text/plain", b"text/html")
    path = tmp_path / "h.eml"
    path.write_bytes(raw)
    run(path)
    text = Feedback.objects.get().text
    assert "<p>" not in text and "Hello" in text and "editors" in text


def test_a_missing_path_is_reported_and_the_rest_imported(tmp_path, db):
    good = tmp_path / "good.eml"
    good.write_bytes(eml())
    out, err = run(tmp_path / "nope.eml", good)
    assert "no such file or directory" in err
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    "raw, reason",
    [
        (eml(sender="MXa <mia@example.com>").replace(b"MXa", b"M\xe9a"), "header"),
        (eml(charset="utf-8\x00"), "character set"),
        (eml(sender=f"Mia <{'m' * 250}@example.com>"), "longer than an address can be"),
    ],
)
def test_bad_headers_are_skipped_and_the_rest_imported(tmp_path, db, raw, reason):
    (tmp_path / "a-bad.eml").write_bytes(raw)
    (tmp_path / "b-good.eml").write_bytes(eml(message_id="<good@example.com>"))
    out, err = run(tmp_path)
    assert Feedback.objects.count() == 1
    assert "a-bad.eml" in err and reason in err
    assert "1 imported" in out


def test_titles_match_whole_words_and_the_subject_first(db, module, other_module):
    from community.feedback.mailin import guess_module

    titles = [(module.pk, "Writing"), (other_module.pk, "Listening")]
    assert guess_module("", "I am writing to say thanks.", titles) is None  # a verb, not it
    assert guess_module("", "The Writing module has a typo.", titles) == module
    assert guess_module("", "Rewriting tasks is hard.", titles) is None  # not a whole word
    assert guess_module("", "Listening and Writing both need work.", titles) is None  # two
    assert guess_module("About Listening", "Unlike Writing, ...", titles) == other_module
