"""Sending a form twice stores it once.

Every form that creates something carries a one-time token (`form_token`, a hidden field filled
when the form is shown). When it is sent, the token, the sender and what they sent make a key;
the first request to store that key (a FormReceipt, in the same transaction as the item it
stores) wins. A double-click, a reload of the page a POST answered, or the back button and
*Post* again arrive with the same key and find the receipt: nothing is stored or emailed
again, and the person is sent to what they already sent, with a word that it arrived. Two
requests at the same instant cannot both win: the receipt's key is unique, so the second
waits for the first and then finds its receipt.

What was sent is part of the key, so changing the text after going back makes a new item,
and a page served to many readers from the cache (whose token they then share) still keeps
each reader's posts apart.
"""

import hashlib
import secrets
from contextlib import contextmanager
from datetime import timedelta

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from altcms.models import FormReceipt

FIELD = "form_token"
KEEP_DAYS = 2  # how long a receipt answers for its form
ALREADY = "We already have this: it arrived the first time, and was stored once."


class AlreadyReceived(Exception):  # noqa: N818 - it is an answer, not a failure
    """This form was sent before; `url` shows what was stored."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


def new_token():
    return secrets.token_urlsafe(16)


class TokenField(forms.CharField):
    """The hidden one-time token; a new one each time the form is shown."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("initial", new_token)
        super().__init__(**kwargs)


def key(form_name, token, who, *content):
    """The receipt key: this form, this instance of it, this sender, this content."""
    digest = hashlib.sha256()
    for part in (form_name, token or "", who or "", *content):
        text = part if isinstance(part, str) else repr(part)
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def token_of(request):
    value = request.POST.get(FIELD, "")
    return value[:64] if value.isascii() else ""


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
    cutoff = timezone.now() - timedelta(days=KEEP_DAYS)
    with transaction.atomic():
        FormReceipt.objects.filter(key=receipt_key, created_at__lt=cutoff).delete()
        try:
            with transaction.atomic():
                receipt = FormReceipt.objects.create(key=receipt_key)
        except IntegrityError:
            earlier = FormReceipt.objects.filter(key=receipt_key).first()
            raise AlreadyReceived(earlier.url if earlier is not None else "") from None
        yield receipt
        if receipt.url:
            FormReceipt.objects.filter(pk=receipt.pk).update(url=receipt.url[:500])


def prune():
    """Forget receipts older than KEEP_DAYS (they answer for nothing any more)."""
    cutoff = timezone.now() - timedelta(days=KEEP_DAYS)
    return FormReceipt.objects.filter(created_at__lt=cutoff).delete()[0]


def seen(receipt_key):
    """Where the item stored under `receipt_key` is seen ("" if unknown), or None if this key
    was never stored: a cheap look before doing anything else with a form sent again."""
    cutoff = timezone.now() - timedelta(days=KEEP_DAYS)
    receipt = FormReceipt.objects.filter(key=receipt_key, created_at__gte=cutoff).first()
    return None if receipt is None else receipt.url
