"""An editor revokes a certificate (it stops verifying: its public address answers 410 Gone) or
restores it. Each is a change of state made once, however often it is asked for (a double
click, a reload, two editors at once): only the request that finds the certificate in the
other state changes it, marks its address stale (altcms.caching.changes, as a save does) and
writes the admin's history (Wagtail's audit log: who, when, and the reason)."""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from altcms.caching import changes
from community.progress.models import Certificate

REVOKE = "community.certificate.revoke"
RESTORE = "community.certificate.restore"


def revoke(certificate, user, reason):
    """Revoke `certificate`; False (and nothing changed) if it already was."""
    with transaction.atomic():
        done = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason, revoked_by=user
        )
        certificate.refresh_from_db()
        if done:
            changes.changed(certificate)
            log(instance=certificate, action=REVOKE, user=user, data={"reason": reason})
    return bool(done)


def restore(certificate, user):
    """Make a revoked `certificate` verify again; False (and nothing changed) if it was not
    revoked. (The reason is cleared here; the history keeps it with the revoking.)"""
    with transaction.atomic():
        done = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=False).update(
            revoked_at=None, revoked_reason="", revoked_by=None
        )
        certificate.refresh_from_db()
        if done:
            changes.changed(certificate)
            log(instance=certificate, action=RESTORE, user=user)
    return bool(done)
