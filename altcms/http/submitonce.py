"""Sending a form twice stores it once.

When a form that creates something is sent, the form, the sender and what they sent make a key
(an idempotency key derived from the submission itself); the first request to store that key
(a FormReceipt, in the same transaction as the item it stores) wins. A double-click, a reload
of the page a POST answered, two tabs, or the back button and *Post* again arrive with the same
key and find the receipt: nothing is stored or emailed again, and the person is sent to what
they already sent, with a word that it arrived. Two requests at the same instant cannot both
win: the receipt's key is unique, so the second waits for the first and then finds its
receipt. A receipt answers for KEEP_HOURS; after that the same words make a new item.

The receipt keeps the address the first copy was answered with, in that page's language; a copy
sent again from the page in the other language (/contact/ after /ja/contact/) is sent to the same
place in the language of the page it came from.

Why not a hidden one-time token in the form: Chromium's back button fetches the form page
again, which gives a new token, and then puts the person's typed text back into it, so the
resent copy looked new (tests/e2e/test_double_submit.py caught it). What was sent is the key;
changing the text after going back is a new item, and readers who share a cached page still
have their own keys (the sender is part of it).
"""

import hashlib
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from altcms.http.language import counterpart
from altcms.models import FormReceipt

KEEP_HOURS = 24  # how long a receipt answers for what was sent
ALREADY = _("We already have this: it arrived the first time, and was stored once.")


class AlreadyReceived(Exception):  # noqa: N818 - it is an answer, not a failure
    """This form was sent before; `url` shows what was stored (in this request's language)."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


def key(form_name, who, *content):
    """The receipt key: this form, this sender, this content."""
    digest = hashlib.sha256()
    for part in (form_name, who or "", *content):
        text = part if isinstance(part, str) else repr(part)
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def sender(request, email=""):
    """Who sent a form: their account, else the email address they gave, else their address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if email:
        return f"email:{email.strip().lower()}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


@contextmanager
def once(receipt_key):
    """Store the body's work at most once for `receipt_key`.

    Runs the body in a transaction that first takes the receipt; raises AlreadyReceived if the
    receipt exists (the work was done). The body may set `receipt.url` to where the stored item
    is seen; it is saved with it."""
    cutoff = timezone.now() - timedelta(hours=KEEP_HOURS)
    with transaction.atomic():
        FormReceipt.objects.filter(key=receipt_key, created_at__lt=cutoff).delete()
        try:
            with transaction.atomic():
                receipt = FormReceipt.objects.create(key=receipt_key)
        except IntegrityError:
            earlier = FormReceipt.objects.filter(key=receipt_key).first()
            raise AlreadyReceived(here(earlier.url) if earlier is not None else "") from None
        yield receipt
        if receipt.url:
            FormReceipt.objects.filter(pk=receipt.pk).update(url=receipt.url[:500])


def prune():
    """Forget receipts older than KEEP_HOURS (they answer for nothing any more)."""
    cutoff = timezone.now() - timedelta(hours=KEEP_HOURS)
    return FormReceipt.objects.filter(created_at__lt=cutoff).delete()[0]


def seen(receipt_key):
    """Where the item stored under `receipt_key` is seen ("" if unknown; in this request's
    language), or None if this key was never stored: a cheap look before doing anything else
    with a form sent again."""
    cutoff = timezone.now() - timedelta(hours=KEEP_HOURS)
    receipt = FormReceipt.objects.filter(key=receipt_key, created_at__gte=cutoff).first()
    return None if receipt is None else here(receipt.url)


def here(url):
    """A receipt's address in the language of the request being answered ("" stays "")."""
    return counterpart(url, get_language() or settings.LANGUAGE_CODE) if url else url
