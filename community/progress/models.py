"""What a member has done in the course: modules marked done, self-checks passed, and the
certificates they opened for a category they completed."""

import re
import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from altcms.caching.addresses import Stale

# A certificate's code: 14 characters from 31 that cannot be misread for one another (no 0/o,
# 1/l/i), about 69 bits drawn by `secrets`: short enough to type from paper, too many to guess.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 14
CODE_RE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
REASON_LENGTH = 300  # a revoked certificate's reason, for the editors


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text):
    """A code as typed (any case) in its stored form, or None for anything that cannot be one:
    no database lookup is spent on a guess of the wrong shape."""
    code = str(text).strip().lower()
    return code if CODE_RE.fullmatch(code) else None


class ModuleProgress(models.Model):
    """A module an ALT has marked as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey("modules.ModulePage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "module progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_module_progress")
        ]

    def __str__(self):
        return f"{self.user} finished {self.module_id}"


class SelfCheckPass(models.Model):
    """A module's self-check a member passed and recorded in their progress: the module's own
    pass rule (modules.self_check), graded on the server from the answers they sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_check_passes"
    )
    module = models.ForeignKey("modules.ModulePage", on_delete=models.CASCADE, related_name="+")
    passed_at = models.DateTimeField(default=timezone.now)
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "self-check pass"
        verbose_name_plural = "self-check passes"
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_self_check_pass")
        ]

    def __str__(self):
        return f"{self.user} passed the self-check of {self.module_id} ({self.score}/{self.total})"


def _day(text):
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


class Certificate(models.Model):
    """A certificate of professional development: a member completed a category of the course
    (every module done, its self-check passed, a reflection task answered). What it certifies
    is kept as it was when it was opened (`record`), so later edits to the course or the
    member's name do not change it; it goes with the member's account (CASCADE), and its
    public address then answers 404.

    An editor may revoke it (`revoked_at`, with a reason for the editors and who did it:
    community.progress.revocation); its public address then answers 410 Gone, and the member
    cannot open another for the same category, until an editor restores it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    category = models.ForeignKey(
        "modules.ModuleCategoryPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The category completed (empty if an editor has since deleted it).",
    )
    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    name = models.CharField(max_length=150, help_text="The member's name, as printed.")
    category_title = models.CharField(max_length=255)
    # {"modules": [{title, url, done_on, passed_on, score, total, minutes}],
    #  "tasks": [{module, number, prompt, answered_on}]}; dates as YYYY-MM-DD.
    record = models.JSONField(default=dict)
    reading_minutes = models.PositiveIntegerField(default=0)
    started_on = models.DateField()
    completed_on = models.DateField()
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_reason = models.CharField(
        _("reason for revoking"),
        max_length=REASON_LENGTH,
        blank=True,
        editable=False,
        help_text=_("For the editors; never shown on the site."),
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="unique_certificate")
        ]
        permissions = [("revoke_certificate", _("Can revoke and restore certificates"))]

    def __str__(self):
        return f"{self.category_title}: {self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("certificates:certificate", args=[self.code])

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def cache_stale(self):
        """Its verification page and PDF (altcms.caching.changes): opened, revoked, restored,
        or gone with the account, the address must not be served from a cache."""
        return Stale(trees={self.get_absolute_url()})

    @property
    def modules(self):
        """The modules certified, their days as dates."""
        return [
            {**row, "done_on": _day(row.get("done_on")), "passed_on": _day(row.get("passed_on"))}
            for row in self.record.get("modules", [])
        ]

    @property
    def tasks(self):
        """The reflection tasks answered, their days as dates."""
        return [
            {**row, "answered_on": _day(row.get("answered_on"))}
            for row in self.record.get("tasks", [])
        ]

    @property
    def reading_hours(self):
        """Reading time in hours, to the nearest quarter hour (at least a quarter)."""
        return max(round(self.reading_minutes / 15), 1) / 4
