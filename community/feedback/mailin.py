"""Email in: turn messages (.eml files, or mbox mailboxes) into feedback items.

Each message is read on its own; one that is malformed, has no usable sender, or whose text is
not valid in the character set it declares (UTF-8 when it declares none) is skipped with a
line saying why, and the rest are imported. A message already imported (same Message-ID, or
for a message without one, the same bytes) is not imported twice.
"""

import hashlib
import mailbox
import re
from dataclasses import dataclass
from email import policy
from email.errors import HeaderParseError, MessageDefect
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from community.feedback.models import Feedback

SERIOUS_DEFECTS = ("MissingHeaderBodySeparatorDefect", "StartBoundaryNotFoundDefect")


class Skip(Exception):
    """This message cannot be imported; the text says why."""


@dataclass
class Result:
    where: str
    outcome: str  # "imported", "duplicate" or "skipped"
    detail: str


def messages_in(path):
    """(label, raw bytes) for every message in a file or directory of .eml files."""
    path = Path(path)
    if path.is_dir():
        for child in sorted(path.glob("*.eml")):
            yield from messages_in(child)
        return
    with path.open("rb") as handle:
        head = handle.read(5)
    if head == b"From ":
        box = mailbox.mbox(path, create=False)
        try:
            for number, key in enumerate(box.keys(), start=1):
                yield f"{path} (message {number})", box.get_bytes(key)
        finally:
            box.close()
    else:
        yield str(path), path.read_bytes()


def import_paths(paths, module_titles=None):
    titles = module_titles if module_titles is not None else live_module_titles()
    for path in paths:
        if not Path(path).exists():
            yield Result(str(path), "skipped", "no such file or directory")
            continue
        try:
            for where, raw in messages_in(path):
                yield import_message(where, raw, titles)
        except (OSError, mailbox.Error) as error:
            yield Result(str(path), "skipped", f"could not be read ({error})")


def import_message(where, raw, titles):
    try:
        fields = read_message(raw)
    except Skip as why:
        return Result(where, "skipped", str(why))
    if Feedback.objects.filter(message_id=fields["message_id"]).exists():
        return Result(where, "duplicate", f"already imported ({fields['message_id']})")
    fields["module"] = guess_module(fields["subject"], fields["text"], titles)
    try:
        with transaction.atomic():
            language = Feedback.written_in(f"{fields['subject']}\n{fields['text']}")
            item = Feedback.objects.create(source=Feedback.EMAIL, language=language, **fields)
    except IntegrityError:
        return Result(where, "duplicate", f"already imported ({fields['message_id']})")
    except (DatabaseError, ValueError, UnicodeError) as error:
        return Result(where, "skipped", f"could not be stored ({type(error).__name__})")
    about = f", about {item.module.title}" if item.module else ""
    return Result(where, "imported", f"feedback #{item.pk} from {item.sender_email}{about}")


def read_message(raw):
    if not raw.strip():
        raise Skip("empty file")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        serious = [d for d in message.defects if type(d).__name__ in SERIOUS_DEFECTS]
        if serious:
            raise Skip(f"malformed message ({type(serious[0]).__name__})")
        sender = message["From"]
        addresses = getattr(sender, "addresses", ()) if sender is not None else ()
        subject = clean_header(message["Subject"])
        message_id = clean_header(message["Message-ID"])
        date = message["Date"]
    except (HeaderParseError, MessageDefect, ValueError, IndexError, TypeError) as error:
        raise Skip(f"malformed message ({type(error).__name__})") from error
    if not addresses or not addresses[0].addr_spec:
        raise Skip("no sender address in From:")
    email = addresses[0].addr_spec
    name = clean_header(addresses[0].display_name)
    if len(email) > 254:
        raise Skip("the sender address is longer than an address can be")
    try:
        validate_email(email)
    except ValidationError as error:
        raise Skip(f"the sender address {email!r} is not valid") from error
    text = body_text(message)
    if not text and not subject:
        raise Skip("no text in the message")
    if not message_id:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    return {
        "sender_name": name[:200],
        "sender_email": email,
        "subject": subject[:300],
        "text": text or subject,
        "message_id": message_id[:998],
        "created_at": sent_at(date),
    }


def clean_header(value):
    if value is None:
        return ""
    text = " ".join(str(value).replace("\x00", " ").split())
    if not is_clean_text(text):
        raise Skip("a header is not valid UTF-8 and declares no other character set")
    return text


def is_clean_text(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes kept as surrogates
        return False
    return "\ufffd" not in text


def body_text(message):
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        if message.get_content_maintype() == "multipart":
            return ""
        part = message
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = payload.decode(charset)
    except UnicodeDecodeError as error:
        raise Skip(f"the text is not valid {charset}") from error
    except (LookupError, ValueError) as error:
        raise Skip(f"the message declares an unknown character set ({charset!r})") from error
    if part.get_content_subtype() == "html":
        text = strip_tags(re.sub(r"(?i)<br\s*/?>|</p>", "\n", text))
    text = text.replace("\x00", "").replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def sent_at(header):
    try:
        when = parsedate_to_datetime(str(header)) if header is not None else None
    except (TypeError, ValueError, IndexError):
        when = None
    if when is None:
        return timezone.now()
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_default_timezone())
    return min(when, timezone.now())


def live_module_titles():
    from modules.models import ModulePage

    return list(ModulePage.objects.live().values_list("pk", "title"))


def names_title(text, title):
    """Whether `text` names `title` as whole words. A one-word title ("Writing", "Reading")
    must be written with its capital, so "I am writing to you" names no module."""
    words = title.split()
    body = r"\s+".join(map(re.escape, words))
    pattern = rf"(?<!\w){body}(?!\w)"
    flags = re.IGNORECASE if len(words) > 1 else 0
    return re.search(pattern, text, flags) is not None


def guess_module(subject, text, titles):
    """The module the message names by its title, as whole words: in the subject if it names
    one, else in the body. None when it names none, or several that are not one inside another
    (a guess an editor would have to undo is worse than none)."""
    from modules.models import ModulePage

    for where in (subject, text):
        named = [(title.casefold(), pk) for pk, title in titles if names_title(where, title)]
        if not named:
            continue
        longest, pk = max(named, key=lambda item: len(item[0]))
        if all(title in longest for title, _ in named):
            return ModulePage.objects.filter(pk=pk).first()
        return None
    return None
